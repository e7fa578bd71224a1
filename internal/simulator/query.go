package simulator

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// This file implements the list query parameters: conditions, childConditions, orderBy,
// fields, and the two paging modes (navigable page/pageSize with a Link header, and
// forward-only pageId).

const (
	defaultPageSize = 25
	maxPageSize     = 1000
)

type orderTerm struct {
	path []string
	desc bool
}

type listParams struct {
	cond        condNode
	order       []orderTerm
	fields      [][]string // nil = whole objects
	page        int
	pageSize    int
	pageID      int
	forwardOnly bool
	clamped     bool
}

// queryParam reads a query parameter by name, ignoring case as ASP.NET model binding does.
func queryParam(q url.Values, name string) (string, bool) {
	for k, v := range q {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0], true
		}
	}
	return "", false
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func invalidParam(format string, args ...any) *apiResponse {
	return badRequest("InvalidRequest", format, args...)
}

// intParam parses an optional positive integer parameter.
func intParam(q url.Values, name string, def int) (int, *apiResponse) {
	v, ok := queryParam(q, name)
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return 0, invalidParam("The value '%s' is not valid for %s: it must be an integer.", v, name)
	}
	return int(n), nil
}

// parseConditionsParam compiles conditions and childConditions (ANDed together) and refuses
// the filter the simulator does not implement, rather than ignoring it and returning
// unfiltered data.
func (s *Simulator) parseConditionsParam(q url.Values, schema *schemaNode) (condNode, *apiResponse) {
	if v, _ := queryParam(q, "customFieldConditions"); strings.TrimSpace(v) != "" {
		return nil, badRequest("InvalidCondition", "customFieldConditions is not supported by the simulator.")
	}
	rules := s.Variants().condRules()
	if v, _ := queryParam(q, string(paramChildConditions)); rules.noChildConditions && strings.TrimSpace(v) != "" {
		return nil, badRequest("InvalidCondition", "childConditions is not supported: search array fields with conditions.")
	}
	var out condNode
	for _, param := range []condParam{paramConditions, paramChildConditions} {
		raw, _ := queryParam(q, string(param))
		n, err := compileConditions(s.doc, schema, param, raw, rules)
		if err != nil {
			return nil, badRequest("InvalidCondition", "Invalid %s: %v.", param, err)
		}
		switch {
		case n == nil:
		case out == nil:
			out = n
		default:
			out = &condAnd{out, n}
		}
	}
	return out, nil
}

func (s *Simulator) parseListParams(r *http.Request, schema *schemaNode) (*listParams, *apiResponse) {
	q := r.URL.Query()
	p := &listParams{forwardOnly: strings.EqualFold(strings.TrimSpace(r.Header.Get("pagination-type")), "forward-only") &&
		s.variant(VariantForwardOnly) != "ignored"}
	var resp *apiResponse
	if p.cond, resp = s.parseConditionsParam(q, schema); resp != nil {
		return nil, resp
	}
	if p.page, resp = intParam(q, "page", 1); resp != nil {
		return nil, resp
	}
	if p.pageSize, resp = intParam(q, "pageSize", defaultPageSize); resp != nil {
		return nil, resp
	}
	if p.pageID, resp = intParam(q, "pageId", 0); resp != nil {
		return nil, resp
	}
	if p.page < 1 {
		return nil, invalidParam("page must be 1 or more (got %d).", p.page)
	}
	if p.pageSize < 1 {
		return nil, invalidParam("pageSize must be 1 or more (got %d).", p.pageSize)
	}
	if p.pageID < 0 {
		return nil, invalidParam("pageId must be 0 or more (got %d).", p.pageID)
	}
	if p.pageSize > maxPageSize {
		p.pageSize, p.clamped = maxPageSize, true
	}
	if v, _ := queryParam(q, "orderBy"); strings.TrimSpace(v) != "" {
		if p.forwardOnly {
			return nil, invalidParam("orderBy is not allowed with forward-only pagination (results are ordered by id).")
		}
		if p.order, resp = s.parseOrderBy(schema, v); resp != nil {
			return nil, resp
		}
	}
	if v, _ := queryParam(q, "fields"); strings.TrimSpace(v) != "" {
		if p.fields, resp = s.parseFields(schema, v); resp != nil {
			return nil, resp
		}
	}
	return p, nil
}

func (s *Simulator) parseOrderBy(schema *schemaNode, v string) ([]orderTerm, *apiResponse) {
	var terms []orderTerm
	for _, part := range splitComma(v) {
		words := strings.Fields(part)
		if len(words) > 2 {
			return nil, invalidParam("Invalid orderBy term %q: use \"field asc\" or \"field desc\".", part)
		}
		t := orderTerm{path: strings.Split(words[0], "/")}
		if len(words) == 2 {
			switch strings.ToLower(words[1]) {
			case "asc":
			case "desc":
				t.desc = true
			default:
				return nil, invalidParam("Invalid orderBy direction %q: use asc or desc.", words[1])
			}
		}
		f := s.doc.field(schema, t.path)
		if f == nil || (f.Type == "object" && !f.isFreeForm()) || f.Type == "array" {
			return nil, invalidParam("Invalid orderBy field %q.", words[0])
		}
		terms = append(terms, t)
	}
	return terms, nil
}

func (s *Simulator) parseFields(schema *schemaNode, v string) ([][]string, *apiResponse) {
	var out [][]string
	for _, f := range splitComma(v) {
		path := strings.Split(f, "/")
		if s.doc.field(schema, path) == nil {
			return nil, invalidParam("Invalid fields entry %q: the object has no such field.", f)
		}
		out = append(out, path)
	}
	return out, nil
}

// listObjects answers a list request over already presented objects (ordered by id).
func (s *Simulator) listObjects(c *apiCall, schema *schemaNode, objs []map[string]any) *apiResponse {
	p, resp := s.parseListParams(c.r, schema)
	if resp != nil {
		return resp
	}
	matched := make([]map[string]any, 0, len(objs))
	for _, o := range objs {
		if evalConditions(p.cond, o) {
			matched = append(matched, o)
		}
	}
	var page []map[string]any
	var links []string
	if p.forwardOnly {
		page, links = forwardPage(c.r, matched, p)
	} else {
		sortObjects(matched, p.order)
		page, links = navigablePage(c.r, matched, p)
	}
	items := make([]any, 0, len(page))
	for _, o := range page {
		items = append(items, project(o, p.fields))
	}
	out := respond(http.StatusOK, items)
	if len(links) > 0 {
		out.header.Set("Link", strings.Join(links, ", "))
	}
	if p.clamped {
		out.header.Set("X-Page-Size-Clamped", strconv.Itoa(maxPageSize))
	}
	return out
}

// countObjects answers /count: conditions and childConditions apply, paging does not.
func (s *Simulator) countObjects(c *apiCall, schema *schemaNode, objs []map[string]any) *apiResponse {
	cond, resp := s.parseConditionsParam(c.r.URL.Query(), schema)
	if resp != nil {
		return resp
	}
	n := 0
	for _, o := range objs {
		if evalConditions(cond, o) {
			n++
		}
	}
	return respond(http.StatusOK, map[string]any{"count": n})
}

func navigablePage(r *http.Request, objs []map[string]any, p *listParams) ([]map[string]any, []string) {
	last := (len(objs) + p.pageSize - 1) / p.pageSize
	if last < 1 {
		last = 1
	}
	start := (p.page - 1) * p.pageSize
	var page []map[string]any
	if start < len(objs) {
		page = objs[start:min(start+p.pageSize, len(objs))]
	}
	var links []string
	link := func(n int, rel string) {
		links = append(links, fmt.Sprintf("<%s>; rel=%q", pageURL(r, "page", n, p.pageSize), rel))
	}
	if p.page > 1 {
		link(1, "first")
		link(min(p.page-1, last), "prev")
	}
	if p.page < last {
		link(p.page+1, "next")
		link(last, "last")
	}
	return page, links
}

// forwardPage returns the objects with id > pageId in id order; the next link carries the
// last id returned, and is absent when nothing follows.
func forwardPage(r *http.Request, objs []map[string]any, p *listParams) ([]map[string]any, []string) {
	var after []map[string]any
	for _, o := range objs {
		if id, _ := intValue(o["id"]); id > p.pageID {
			after = append(after, o)
		}
	}
	if len(after) <= p.pageSize {
		return after, nil
	}
	page := after[:p.pageSize]
	lastID, _ := intValue(page[len(page)-1]["id"])
	return page, []string{fmt.Sprintf("<%s>; rel=\"next\"", pageURL(r, "pageId", lastID, p.pageSize))}
}

// pageURL is the request's full URL with one paging parameter changed; the other query
// parameters are kept (and pageSize reflects any clamping).
func pageURL(r *http.Request, param string, value, pageSize int) string {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		if strings.EqualFold(k, param) || strings.EqualFold(k, "pageSize") {
			continue
		}
		q[k] = v
	}
	q.Set(param, strconv.Itoa(value))
	q.Set("pageSize", strconv.Itoa(pageSize))
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// sortObjects orders by the orderBy terms, then by id; nulls sort first as in SQL Server.
func sortObjects(objs []map[string]any, order []orderTerm) {
	sort.SliceStable(objs, func(i, j int) bool {
		for _, t := range order {
			c := compareForSort(firstValue(objs[i], t.path), firstValue(objs[j], t.path))
			if c != 0 {
				if t.desc {
					return c > 0
				}
				return c < 0
			}
		}
		a, _ := intValue(objs[i]["id"])
		b, _ := intValue(objs[j]["id"])
		return a < b
	})
}

func firstValue(o map[string]any, path []string) any {
	vs := valuesAt(o, path)
	if len(vs) == 0 {
		return nil
	}
	return vs[0]
}

func compareForSort(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			return cmpFloat(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(strings.ToLower(x), strings.ToLower(y))
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

// project keeps only the requested paths ("status/id" keeps status.id); nil keeps all.
func project(o map[string]any, fields [][]string) map[string]any {
	if fields == nil {
		return o
	}
	out := map[string]any{}
	for _, f := range fields {
		copyPath(out, o, f)
	}
	return out
}

func copyPath(dst, src map[string]any, path []string) {
	v, ok := src[path[0]]
	if !ok || v == nil {
		return
	}
	if len(path) == 1 {
		dst[path[0]] = v
		return
	}
	switch t := v.(type) {
	case map[string]any:
		sub, _ := dst[path[0]].(map[string]any)
		if sub == nil {
			sub = map[string]any{}
			dst[path[0]] = sub
		}
		copyPath(sub, t, path[1:])
	case []any:
		arr, _ := dst[path[0]].([]any)
		if arr == nil {
			arr = make([]any, len(t))
			for i := range arr {
				arr[i] = map[string]any{}
			}
			dst[path[0]] = arr
		}
		for i, e := range t {
			if em, ok := e.(map[string]any); ok {
				copyPath(arr[i].(map[string]any), em, path[1:])
			}
		}
	}
}
