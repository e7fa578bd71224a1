package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strconv"
)

const (
	apiVersion  = "2025.8"
	contentType = "application/vnd.connectwise.com+json; version=" + apiVersion
	// timeLayout is ConnectWise's wire format for dates: UTC, whole seconds, "Z".
	timeLayout = "2006-01-02T15:04:05Z"
)

// fieldError is one entry of the error envelope's "errors".
type fieldError struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Resource string `json:"resource,omitempty"`
	Field    string `json:"field,omitempty"`
}

// envelope is ConnectWise's error body (every error but 429).
type envelope struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors,omitempty"`
}

// apiResponse is what a handler answers; the pipeline writes it (or resets the connection).
type apiResponse struct {
	status  int
	body    any // nil = no body
	header  http.Header
	applied bool // a write reached the store
	// noVersionHeader leaves out api-current-version (variant version-header=absent).
	noVersionHeader bool
	// foreign is an answer from something in front of the API (proxy_faults.go): raw is
	// written as it is, with header's Content-Type and none of ConnectWise's headers.
	foreign bool
	raw     []byte
}

func respond(status int, body any) *apiResponse {
	return &apiResponse{status: status, body: body, header: http.Header{}}
}

func apiError(status int, code, format string, args ...any) *apiResponse {
	return respond(status, envelope{Code: code, Message: fmt.Sprintf(format, args...)})
}

func notFound(format string, args ...any) *apiResponse {
	return apiError(http.StatusNotFound, "NotFound", format, args...)
}

func badRequest(code, format string, args ...any) *apiResponse {
	return apiError(http.StatusBadRequest, code, format, args...)
}

// invalidObject is a 400 with field errors. A body whose only problems are dates answers
// UnsupportedFormat, as ConnectWise does for a date it cannot parse.
func invalidObject(resource string, errs []fieldError) *apiResponse {
	code, msg := "UnsupportedFormat", "The request contains an unsupported date format."
	for i := range errs {
		if errs[i].Resource == "" {
			errs[i].Resource = resource
		}
		if errs[i].Code != "UnsupportedFormat" {
			code, msg = "InvalidObject", resource+" object is invalid"
		}
	}
	return respond(http.StatusBadRequest, envelope{Code: code, Message: msg, Errors: errs})
}

// writeResponse writes a response with ConnectWise's headers. An Accept header asking for
// another model version is served 2025.8 anyway, which X-Served-Version records.
func writeResponse(w http.ResponseWriter, r *http.Request, resp *apiResponse) {
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	if resp.foreign {
		w.WriteHeader(resp.status)
		_, _ = w.Write(resp.raw) //nolint:gosec // G705: the simulator's own fixed fault page, no request data in it
		return
	}
	if !resp.noVersionHeader {
		h.Set("api-current-version", apiVersion)
	}
	if v := acceptVersion(r); v != "" && v != apiVersion {
		h.Set("X-Served-Version", apiVersion)
	}
	if resp.body == nil {
		w.WriteHeader(resp.status)
		return
	}
	b := marshalJSON(resp.body)
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(b)
}

// marshalJSON encodes without HTML escaping (ConnectWise sends & < > as they are).
func marshalJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("simulator: encode response: %v", err))
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// acceptVersion returns the version parameter of the Accept header, if any.
func acceptVersion(r *http.Request) string {
	a := r.Header.Get("Accept")
	if a == "" {
		return ""
	}
	for _, part := range splitComma(a) {
		if _, params, err := mime.ParseMediaType(part); err == nil && params["version"] != "" {
			return params["version"]
		}
	}
	return ""
}
