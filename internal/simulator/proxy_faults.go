package simulator

import (
	"fmt"
	"html"
	"net/http"
	"strconv"
)

// Sites sit behind things that answer for them: Cloudflare blocks a request with its own
// 403 page and answers 520-524 when it gets nothing usable from the server behind it, IIS
// answers its own 500 page when the application fails, a load balancer answers an empty
// 502. None of these carry ConnectWise's envelope; the faults below send them as they are.

// proxyFault is one of the injected answers from something in front of the API.
type proxyFault int

const (
	noProxyFault proxyFault = iota
	cloudflareBlock403
	iisError500
	empty502
	cloudflare52x
)

// cloudflareErrors are Cloudflare's origin errors and the headline of its page for each.
var cloudflareErrors = map[int]string{
	520: "Web server is returning an unknown error",
	521: "Web server is down",
	522: "Connection timed out",
	523: "Origin is unreachable",
	524: "A timeout occurred",
}

// rollProxyFault draws the proxy dice from their own source (seeded from Faults.Seed), all
// of them on every request, so for a given seed the other faults fall on the same requests
// whatever the proxy faults are set to. Caller holds s.mu.
func (s *Simulator) rollProxyFault() (proxyFault, int) {
	f := s.faults
	hit := func(p float64) bool { return s.proxyRNG.Float64() < p }
	block, iis, empty, origin := hit(f.CloudflareBlock403), hit(f.IISError500), hit(f.Empty502), hit(f.Cloudflare52x)
	status := 520 + s.proxyRNG.Intn(5)
	switch {
	case block:
		return cloudflareBlock403, http.StatusForbidden
	case iis:
		return iisError500, http.StatusInternalServerError
	case empty:
		return empty502, http.StatusBadGateway
	case origin:
		return cloudflare52x, status
	}
	return noProxyFault, 0
}

// proxyAnswer is the page a proxy fault answers with. A Cloudflare 524 comes after the
// server took the request: the pipeline applies it first, so a write may have landed.
func proxyAnswer(kind proxyFault, status int, r *http.Request) *apiResponse {
	resp := &apiResponse{status: status, header: http.Header{}, foreign: true}
	host := html.EscapeString(r.Host)
	switch kind {
	case cloudflareBlock403:
		resp.header.Set("Server", "cloudflare")
		resp.header.Set("CF-RAY", "8c1d2e3f4a5b6c7d-SIM")
		resp.header.Set("Content-Type", "text/html; charset=UTF-8")
		resp.raw = []byte(`<!DOCTYPE html>
<html class="no-js" lang="en-US"><head><title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8" /><meta name="robots" content="noindex, nofollow" /></head>
<body><div id="cf-wrapper"><div id="cf-error-details" class="cf-error-details-wrapper">
<h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline">You are unable to access ` + host + `</h2>
<p>This website is using a security service to protect itself from online attacks. The action you just
performed triggered the security solution.</p>
<p>Cloudflare Ray ID: <strong class="font-semibold">8c1d2e3f4a5b6c7d</strong></p></div></div></body></html>
`)
	case iisError500:
		resp.header.Set("Server", "Microsoft-IIS/10.0")
		resp.header.Set("X-Powered-By", "ASP.NET")
		resp.header.Set("Content-Type", "text/html")
		resp.raw = []byte(`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>500 - Internal server error.</title></head>
<body><div id="header"><h1>Server Error</h1></div><div id="content"><div class="content-container"><fieldset>
<h2>500 - Internal server error.</h2>
<h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>
</fieldset></div></div></body></html>
`)
	case empty502:
		resp.header.Set("Content-Length", "0")
	case cloudflare52x:
		resp.header.Set("Server", "cloudflare")
		resp.header.Set("CF-RAY", "8c1d2e3f4a5b6c7e-SIM")
		resp.header.Set("Content-Type", "text/html; charset=UTF-8")
		resp.raw = []byte(fmt.Sprintf(`<!DOCTYPE html>
<html lang="en-US"><head><title>%s | %d: %s</title><meta charset="UTF-8" /></head>
<body><div id="cf-wrapper"><div id="cf-error-details"><header><h1><span>%s</span> <span>Error code %d</span></h1>
<div>Visit <a href="https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_%d">cloudflare.com</a> for more information.</div></header>
</div></div></body></html>
`, host, status, cloudflareErrors[status], cloudflareErrors[status], status, status))
	}
	if resp.raw != nil {
		resp.header.Set("Content-Length", strconv.Itoa(len(resp.raw)))
	}
	return resp
}
