package connectwise

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode"
)

// ConnectWise answers every error with its JSON envelope ({"code","message"}, or the 429's
// {"error","message"}). Anything else was written by something in front of the API: a CDN
// or firewall (Cloudflare's block page and its 520–524 origin errors), IIS's own error
// pages, a load balancer's empty 502. Read as ConnectWise's words they mislead: a
// Cloudflare 403 is not a missing role permission, an HTML 401 is not a revoked key, and a
// page of HTML is no error message. This file is the one place that recognises them.

// envelope is ConnectWise's error body.
type envelope struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Errors  []FieldError `json:"errors"`
	Error   string       `json:"error"` // the 429 body: {"error","message"}
}

// parseEnvelope reports whether body is ConnectWise's error envelope.
func parseEnvelope(body []byte) (envelope, bool) {
	var env envelope
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &env) != nil {
		return env, false
	}
	return env, env.Code != "" || env.Message != "" || env.Error != ""
}

// maxMarkerScan bounds how much of a page is searched for a server's markers.
const maxMarkerScan = 16 << 10

// cloudflareOriginErrors are Cloudflare's own 52x statuses: it reached no usable answer
// from the server behind it. The transport retries them on reads like 502–504.
var cloudflareOriginErrors = map[int]string{
	520: "the server behind it returned an unknown error",
	521: "the web server behind it is down",
	522: "its connection to the server behind it timed out",
	523: "the server behind it is unreachable",
	524: "the server behind it took too long to answer",
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// foreignAnswer fills e (status, method and path already set) for an answer that is not
// ConnectWise's: who answered, what they said (a page title or the start of a plain text,
// never the page itself), and what to check.
func foreignAnswer(e *APIError, h http.Header, body []byte) {
	e.Kind = KindForeign
	e.Server = whoAnswered(h, body)
	trimmed := bytes.TrimSpace(body)
	mediaType, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	var shape string
	switch {
	case len(trimmed) == 0:
		shape = "an empty answer"
	case trimmed[0] == '<' || mediaType == "text/html" || mediaType == "application/xhtml+xml":
		shape = "a web page"
		if m := titleRE.FindSubmatch(trimmed[:min(len(trimmed), maxMarkerScan)]); m != nil {
			if t := oneLine(html.UnescapeString(string(m[1])), 100); t != "" {
				e.Message = `titled "` + t + `"`
			}
		}
	case trimmed[0] == '{' || trimmed[0] == '[':
		shape = "a JSON answer that is not ConnectWise's"
	default:
		shape = "a plain-text answer"
		if t := oneLine(string(trimmed[:min(len(trimmed), 1024)]), 100); t != "" {
			e.Message = `saying "` + t + `"`
		}
	}
	e.Answer = shapeFrom(shape, e.Server)
	e.Hint = foreignHint(e.StatusCode, e.Server)
}

// shapeFrom names the answer and who sent it: "a Cloudflare page", "an empty answer from
// nginx", `a web page from server "Apache"`.
func shapeFrom(shape, server string) string {
	switch {
	case server == "":
		return shape
	case shape == "a web page" && !strings.HasPrefix(server, `"`):
		return article(server) + " " + server + " page"
	case strings.HasPrefix(server, `"`):
		return shape + " from server " + server
	}
	return shape + " from " + server
}

func article(word string) string {
	if word == "nginx" || word != "" && strings.ContainsRune("aeiouAEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

// whoAnswered names the sender from the page's own markers first (Cloudflare sets its
// Server header on whatever it passes through, so an IIS page behind Cloudflare is IIS's),
// then from the Server header. An unknown Server header is quoted; none at all is "".
func whoAnswered(h http.Header, body []byte) string {
	page := strings.ToLower(string(body[:min(len(body), maxMarkerScan)]))
	switch {
	case strings.Contains(page, "cloudflare"):
		return "Cloudflare"
	case strings.Contains(page, "microsoft-iis"), strings.Contains(page, "internet information services"),
		strings.Contains(page, "server error in '/' application"):
		return "Microsoft IIS"
	case strings.Contains(page, "<center>nginx"):
		return "nginx"
	}
	server := strings.ToLower(h.Get("Server"))
	switch {
	case strings.Contains(server, "cloudflare"), h.Get("CF-RAY") != "":
		return "Cloudflare"
	case strings.Contains(server, "microsoft-iis"), strings.Contains(server, "microsoft-httpapi"):
		return "Microsoft IIS"
	case strings.HasPrefix(server, "nginx"):
		return "nginx"
	}
	if s := oneLine(h.Get("Server"), 40); s != "" {
		return `"` + s + `"`
	}
	return ""
}

// foreignHint says what to check. None of it blames the API keys or the security role:
// the request never reached the part of ConnectWise that checks them.
func foreignHint(status int, server string) string {
	who := server
	switch {
	case who == "Microsoft IIS":
		who = "the web server (IIS)"
	case who == "" || strings.HasPrefix(who, `"`):
		who = "a proxy or firewall in front of the site"
	}
	notChecked := "so neither the API keys nor the security role were checked"
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusProxyAuthRequired:
		if server == "Cloudflare" {
			return "Cloudflare in front of the site refused the request before it reached ConnectWise (a firewall rule, bot protection or an IP block), " +
				notChecked + ": ask whoever runs the site's Cloudflare to allow this machine's address, and check that the site URL is the ConnectWise API host"
		}
		return fmt.Sprintf("%s refused the request before it reached the ConnectWise API (an IP restriction, a firewall rule or a sign-in of its own), %s: "+
			"check its rules for this machine's address, and that the site URL is the ConnectWise API host", who, notChecked)
	case status == http.StatusTooManyRequests:
		return who + " is limiting the request rate: lower the request rate, or ask whoever runs it to allow more"
	case status >= 500 && server == "Cloudflare":
		why := "it got no usable answer from the ConnectWise server behind it"
		if w, ok := cloudflareOriginErrors[status]; ok {
			why = fmt.Sprintf("%s (Cloudflare %d)", w, status)
		}
		return "Cloudflare answered because " + why + ": the site may be down or in a maintenance window; run again later"
	case status >= 500 && server == "Microsoft IIS":
		return "the web server (IIS) failed before the ConnectWise API answered: ConnectWise may be restarting or in a maintenance window; " +
			"run again later, and if it persists check the ConnectWise status page or the server"
	case status >= 500:
		return who + " could not get an answer from ConnectWise: the site may be down or in a maintenance window; run again later, " +
			"and if it persists check the proxy and that the site URL is the ConnectWise API host"
	}
	return "there is no ConnectWise API at this address: check that the site URL is the ConnectWise API host " +
		"(e.g. https://api-na.myconnectwise.net, or your own server's host) and the codebase"
}

// oneLine collapses whitespace, drops control characters and quotes, and truncates: a
// page's words are untrusted and end up in a terminal.
func oneLine(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	return truncateUTF8(strings.Join(strings.Fields(s), " "), n)
}
