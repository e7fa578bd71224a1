package simulator

import (
	"context"
	"net/http"
	"strings"
)

const apiPrefix = "apis/3.0"

// apiCall is one routed API request.
type apiCall struct {
	r        *http.Request
	route    *route
	op       opKind
	kind     string
	id       int // {id}, 0 when absent
	parentID int // {parentId}, 0 when absent
}

// splitAPIPath splits "/{codebase}apis/3.0/{path}" into the codebase ("v2025_8/") and
// the path ("/company/companies").
func splitAPIPath(p string) (codebase, path string, ok bool) {
	rest := strings.TrimPrefix(p, "/")
	cb, tail, found := strings.Cut(rest, "/")
	if !found || cb == "" {
		return "", "", false
	}
	path, found = strings.CutPrefix(tail, apiPrefix)
	if !found || (path != "" && path[0] != '/') {
		return "", "", false
	}
	return cb + "/", path, true
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// serveAPI is the request pipeline, in the order a real deployment applies it:
// network latency, the rate limiter, infrastructure faults, then the application
// (codebase, route, authentication, security role, handler).
func (s *Simulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	if company, ok := strings.CutPrefix(r.URL.Path, "/login/companyinfo/"); ok {
		s.serveCompanyInfo(w, r, company)
		return
	}
	codebase, path, isAPI := splitAPIPath(r.URL.Path)
	var rt *route
	var params map[string]int
	matchStatus := http.StatusNotFound
	if isAPI {
		rt, params, matchStatus = matchRoute(s.routes, r.Method, path)
	}
	key := r.Method + " (unknown)"
	if rt != nil {
		key = r.Method + " " + rt.name
	}
	s.pipeline(r.Context(), &exchange{s: s, w: w, r: r, key: key}, codebase, rt, params, matchStatus)
}

// exchange is one API request in flight. Each way of ending it records the counters
// first, so a client that has seen the outcome also sees it counted.
type exchange struct {
	s   *Simulator
	w   http.ResponseWriter
	r   *http.Request
	key string
}

func (x *exchange) send(resp *apiResponse) {
	x.s.counters.record(x.key, resp.status, resp.applied)
	x.s.Variants().shapeHeaders(resp)
	writeResponse(x.w, x.r, resp)
}

// reset drops the connection; false when it cannot (no http.Hijacker), and the caller
// must answer instead.
func (x *exchange) reset(applied bool) bool {
	if _, ok := x.w.(http.Hijacker); !ok {
		return false
	}
	x.s.counters.record(x.key, 0, applied)
	return resetConnection(x.w)
}

func (x *exchange) clientGone(applied bool) {
	x.s.counters.record(x.key, statusClientGone, applied)
}

// pipeline serves one API request; ctx is the request's context (x.r.Context()).
func (s *Simulator) pipeline(ctx context.Context, x *exchange, codebase string, rt *route, params map[string]int, matchStatus int) {
	// Arrival is taken before the latency, which stands for the network: the request
	// left the client about now.
	if s.throttle.insideRetryAfter(s.now()) {
		s.counters.insideRetryAfter()
	}
	if !sleepCtx(ctx, s.currentLatency()) {
		x.clientGone(false)
		return
	}
	if refuse, after := s.throttle.admit(s.now()); refuse {
		x.send(tooManyRequests(after))
		return
	}
	dice := s.rollFaults()
	if dice.resetBefore && x.reset(false) {
		return
	}
	if dice.error500 {
		x.send(apiError(http.StatusInternalServerError, "InternalServerError", "An unexpected error occurred (injected fault)."))
		return
	}
	if dice.error503 {
		resp := apiError(http.StatusServiceUnavailable, "ServiceUnavailable", "The service is temporarily unavailable (injected fault).")
		resp.header.Set("Retry-After", "1")
		x.send(resp)
		return
	}
	if dice.proxy != noProxyFault && dice.proxyStatus != 524 {
		x.send(proxyAnswer(dice.proxy, dice.proxyStatus, x.r))
		return
	}

	resp := s.application(x.r, codebase, rt, params, matchStatus)
	if dice.proxy != noProxyFault {
		// Cloudflare gave up waiting after the server took the request: it may be applied.
		applied := resp.applied
		resp = proxyAnswer(dice.proxy, dice.proxyStatus, x.r)
		resp.applied = applied
	}
	// A slow answer comes after the work is done: a client that times out on a slow POST
	// has still created the record, the ambiguous case a client must look up, not retry.
	if dice.slow && !sleepCtx(ctx, dice.slowDelay) {
		x.clientGone(resp.applied)
		return
	}
	if dice.resetAfterWrite && isWrite(x.r.Method) && x.reset(resp.applied) {
		return
	}
	x.send(resp)
}

// maxRequestURI is the longest request URI (path and query) the site's web server takes:
// API-NOTES.md says to keep URLs under about 2,000 characters; beyond, the request never
// reaches the application.
const maxRequestURI = 2048

// application is what ConnectWise itself does with a request that reached it.
func (s *Simulator) application(r *http.Request, codebase string, rt *route, params map[string]int, matchStatus int) *apiResponse {
	if n := len(r.URL.RequestURI()); n > maxRequestURI {
		return apiError(http.StatusRequestURITooLong, "RequestUriTooLong", "The request URI is %d characters long; the server accepts at most %d.", n, maxRequestURI)
	}
	if codebase == "" {
		return notFound("The requested URL was not found on this server.")
	}
	if cur := s.currentCodebase(); codebase != cur && codebase != "v4_6_release/" {
		return notFound("Codebase %q is not served by this site.", codebase)
	}
	switch matchStatus {
	case http.StatusNotFound:
		return notFound("No API route matches %s %s.", r.Method, r.URL.Path)
	case http.StatusMethodNotAllowed:
		resp := apiError(http.StatusMethodNotAllowed, "MethodNotAllowed", "The requested resource does not support http method '%s'.", r.Method)
		resp.header.Set("Allow", rt.allowed())
		return resp
	}
	if resp := s.authenticate(r); resp != nil {
		return resp
	}
	if resp := s.authorize(rt, r.Method); resp != nil {
		return resp
	}
	call := &apiCall{r: r, route: rt, op: rt.methods[r.Method], kind: rt.kind, id: params["id"], parentID: params["parentId"]}
	if isWrite(r.Method) {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	return s.dispatch(call)
}

// handlers answer each opKind.
var handlers = [...]func(*Simulator, *apiCall) *apiResponse{
	opList: (*Simulator).handleList, opCount: (*Simulator).handleCount, opGet: (*Simulator).handleGet,
	opCreate: (*Simulator).handleCreate, opReplace: (*Simulator).handleReplace, opPatch: (*Simulator).handlePatch,
	opDelete: (*Simulator).handleDelete, opInfo: (*Simulator).handleInfo, opMySecurity: (*Simulator).handleMySecurity,
}

func (s *Simulator) dispatch(c *apiCall) *apiResponse {
	if c.op < 0 || int(c.op) >= len(handlers) {
		return notFound("No handler.")
	}
	return handlers[c.op](s, c)
}
