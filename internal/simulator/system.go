package simulator

import (
	"net/http"
	"strconv"
	"strings"
)

const (
	versionNumber = "v2025.8.0.0"
	versionCode   = "v2025.8"
)

// serveCompanyInfo is codebase discovery: no auth, no faults, no throttle (it is served by
// the login site, not the API), but the network latency applies. An unknown company is
// the literal body null with 200.
func (s *Simulator) serveCompanyInfo(w http.ResponseWriter, r *http.Request, company string) {
	const key = "GET /login/companyinfo/{companyId}"
	if !sleepCtx(r.Context(), s.currentLatency()) {
		s.counters.record(key, statusClientGone, false)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		resp := apiError(http.StatusMethodNotAllowed, "MethodNotAllowed", "The requested resource does not support http method '%s'.", r.Method)
		s.counters.record(r.Method+" /login/companyinfo/{companyId}", resp.status, false)
		writeResponse(w, r, resp)
		return
	}
	var body []byte
	if company != "" && !strings.Contains(company, "/") && strings.EqualFold(company, s.companyID) {
		body = marshalJSON(map[string]any{
			"CompanyName":   s.companyID + " (ConnectWise simulator)",
			"Codebase":      codebaseAnswer(s.currentCodebase(), s.variant(VariantCodebaseForm)),
			"VersionCode":   versionCode,
			"VersionNumber": versionNumber,
			"CompanyID":     s.companyID,
			"IsCloud":       s.isCloud,
			"SiteUrl":       r.Host,
		})
	} else {
		body = []byte("null")
	}
	s.counters.record(key, http.StatusOK, false)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// codebaseAnswer spells the codebase as variant codebase-form says: API-NOTES.md shows
// "v2025_8/", but a site that drops or adds a slash, or answers the routing alias
// v4_6_release/, is plausible and a client must accept each.
func codebaseAnswer(codebase, form string) string {
	bare := strings.Trim(codebase, "/")
	switch form {
	case "bare":
		return bare
	case "leading-slash":
		return "/" + bare + "/"
	case "release":
		return "v4_6_release/"
	}
	return bare + "/"
}

// handleInfo is GET /system/info, the cheap credential check.
func (s *Simulator) handleInfo(c *apiCall) *apiResponse {
	region := ""
	if s.isCloud {
		region = "NA"
	}
	info := map[string]any{
		"version":        versionNumber,
		"isCloud":        s.isCloud,
		"serverTimeZone": windowsZoneNames[s.variant(VariantSiteTimeZone)],
		"cloudRegion":    region,
	}
	if fields := c.r.URL.Query().Get("fields"); fields != "" {
		proj, resp := s.parseFields(s.doc.schemas["Info"], fields)
		if resp != nil {
			return resp
		}
		return respond(http.StatusOK, project(info, proj))
	}
	return respond(http.StatusOK, info)
}

// handleMySecurity lists the role's rows with the usual list machinery, so conditions
// such as moduleFunctionName="Agreements" work.
func (s *Simulator) handleMySecurity(c *apiCall) *apiResponse {
	return s.listObjects(c, s.doc.schemas["MySecurity"], s.mySecurityRows())
}
