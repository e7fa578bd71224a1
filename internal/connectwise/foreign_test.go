package connectwise

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// Pages as proxies and IIS send them (shortened; the markers are theirs).
const (
	cloudflareBlockPage = `<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<head>
<title>Attention Required! | Cloudflare</title>
<script>window._cf_chl_opt = {cType: 'block'};</script>
</head>
<body><div id="cf-wrapper"><h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline">You are unable to access na.myconnectwise.net</h2>
<p>This website is using a security service to protect itself from online attacks.</p>
<span>Cloudflare Ray ID: <strong>8c1d2e3f4a5b6c7d</strong></span></div></body></html>`
	iis401Page = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>401 - Unauthorized: Access is denied due to invalid credentials.</title></head>
<body><div id="header"><h1>Server Error</h1></div><div id="content"><fieldset><h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>
<h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3></fieldset></div></body></html>`
	iis500Page = `<!DOCTYPE html><html><head><title>500 - Internal server error.</title></head>
<body><div id="header"><h1>Server Error</h1></div><div id="content"><fieldset><h2>500 - Internal server error.</h2>
<h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3></fieldset></div></body></html>`
	nginx504Page = "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>"
)

func cloudflare52xPage(status int) string {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><title>na.myconnectwise.net | %d: Connection timed out</title></head>
<body><div id="cf-error-details"><h1>Connection timed out <span>Error code %d</span></h1>
<p>Visit <a href="https://www.cloudflare.com/5xx-error-landing">cloudflare.com</a> for more information.</p></div></body></html>`, status, status)
}

// page answers with a foreign body: headers as "Name: value" pairs, then the body.
func page(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, h := range headers {
			k, v, _ := strings.Cut(h, ": ")
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = fmt.Fprint(w, body)
	}
}

// A proxy's or IIS's own answer is reported as such, never as a missing role permission
// or refused keys, and without the page in the message.
func TestForeignAnswers(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		path     string
		answer   http.HandlerFunc
		attempts int
		want     []string // in the message, in this order
	}{
		{"Cloudflare 403 block page on a read that needs a permission", "GET", "/company/companies/5",
			page(403, cloudflareBlockPage, "Server: cloudflare", "CF-RAY: 8c1d2e3f4a5b6c7d-IAD", "Content-Type: text/html; charset=UTF-8"), 1,
			[]string{`GET /company/companies/5: the site answered with a Cloudflare page (HTTP 403, titled "Attention Required! | Cloudflare"), not the ConnectWise API: `,
				"Cloudflare in front of the site refused the request before it reached ConnectWise", "neither the API keys nor the security role were checked",
				"allow this machine's address", "site URL"}},
		{"Cloudflare 403 on a call that needs no permission", "GET", "/system/info",
			page(403, cloudflareBlockPage, "Server: cloudflare"), 1,
			[]string{`a Cloudflare page (HTTP 403, titled "Attention Required! | Cloudflare"), not the ConnectWise API`}},
		{"Cloudflare 403 on a write", "POST", "/finance/agreements/7/additions",
			page(403, cloudflareBlockPage, "Server: cloudflare"), 1,
			[]string{`POST /finance/agreements/7/additions: the site answered with a Cloudflare page (HTTP 403`}},
		{"IIS 401 page", "GET", "/system/info",
			page(401, iis401Page, "Server: Microsoft-IIS/10.0", "Content-Type: text/html"), 1,
			[]string{`a Microsoft IIS page (HTTP 401, titled "401 - Unauthorized: Access is denied due to invalid credentials."), not the ConnectWise API`,
				"the web server (IIS) refused the request before it reached the ConnectWise API", "neither the API keys nor the security role were checked"}},
		{"IIS 500 page on a write", "POST", "/finance/agreements/7/additions",
			page(500, iis500Page, "Server: Microsoft-IIS/10.0", "X-Powered-By: ASP.NET", "Content-Type: text/html"), 1,
			[]string{`a Microsoft IIS page (HTTP 500, titled "500 - Internal server error."), not the ConnectWise API: the web server (IIS) failed`,
				"maintenance window"}},
		{"empty 502 on a read, retried until the retries run out", "GET", "/company/companies/5",
			page(502, ""), 5,
			[]string{"the site answered with an empty answer (HTTP 502), not the ConnectWise API: a proxy or firewall in front of the site could not get an answer from ConnectWise",
				"maintenance window", "run again later"}},
		{"plain text from an unknown proxy", "GET", "/company/companies/5",
			page(503, "upstream connect error or disconnect/reset before headers. reset reason: connection failure\n", "Server: envoy", "Content-Type: text/plain"), 5,
			[]string{`a plain-text answer from server "envoy" (HTTP 503, saying "upstream connect error or disconnect/reset before headers. reset reason: connection failure"), not the ConnectWise API`}},
		{"nginx page", "GET", "/company/companies/5",
			page(504, nginx504Page, "Server: nginx/1.25.3", "Content-Type: text/html"), 5,
			[]string{`an nginx page (HTTP 504, titled "504 Gateway Time-out"), not the ConnectWise API`}},
		{"Cloudflare 524 on a write is not retried", "POST", "/finance/agreements/7/additions",
			page(524, cloudflare52xPage(524), "Server: cloudflare", "Content-Type: text/html"), 1,
			[]string{`a Cloudflare page (HTTP 524, titled "na.myconnectwise.net | 524: Connection timed out"), not the ConnectWise API: ` +
				"Cloudflare answered because the server behind it took too long to answer (Cloudflare 524): the site may be down or in a maintenance window"}},
		{"JSON that is not ConnectWise's", "GET", "/company/companies/5",
			page(404, `{"status":404,"detail":"route not found"}`, "Content-Type: application/problem+json"), 1,
			[]string{"a JSON answer that is not ConnectWise's (HTTP 404), not the ConnectWise API: there is no ConnectWise API at this address"}},
		{"login page served with 200", "GET", "/company/companies/5",
			page(200, "<html><head><title>Sign in</title></head><body>form</body></html>", "Content-Type: text/html"), 1,
			[]string{`a web page (HTTP 200, titled "Sign in"), not the ConnectWise API: there is no ConnectWise API at this address`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			var calls atomic.Int32
			mux.HandleFunc(tt.method+" "+apiPrefix+tt.path, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tt.answer(w, r)
			})
			err := call(c, tt.method, tt.path)
			if n := int(calls.Load()); n != tt.attempts {
				t.Errorf("%d attempts, want %d", n, tt.attempts)
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.Kind != KindForeign || !errors.Is(err, ErrForeignAnswer) {
				t.Fatalf("err = %T %v, want a foreign answer", err, err)
			}
			for _, s := range []error{ErrForbidden, ErrUnauthorized, ErrClientIDRejected, ErrNotFound, ErrServer, ErrValidation} {
				if errors.Is(err, s) {
					t.Errorf("a foreign answer matches %v", s)
				}
			}
			msg := err.Error()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message lacks (or misorders) %q:\n%s", w, msg)
				}
				rest = rest[i+len(w):]
			}
			for _, bad := range []string{"<", "must be All", "security role needs", "API keys or the clientId", "refused the API member", "Sorry, you have been blocked", "127.0.0.1"} {
				if strings.Contains(msg, bad) {
					t.Errorf("message contains %q:\n%s", bad, msg)
				}
			}
			if ae.Permission != "" {
				t.Errorf("Permission %q", ae.Permission)
			}
			if got, want := IsAmbiguousWrite(err), tt.method == "POST" && ae.StatusCode >= 500; got != want {
				t.Errorf("IsAmbiguousWrite = %v, want %v", got, want)
			}
			if c.Refused() != nil {
				t.Errorf("a foreign answer stopped the client: %v", c.Refused())
			}
		})
	}
}

// call makes one API call of the method on path (an addition or a company, or system info).
func call(c *Client, method, path string) error {
	ctx := context.Background()
	var err error
	switch {
	case path == "/system/info":
		_, err = c.System.Info(ctx)
	case method == "POST":
		_, err = c.Additions.Create(ctx, 7, &Addition{Product: Ref(1), BillCustomer: "Billable"})
	default:
		_, err = c.Companies.Get(ctx, 5)
	}
	return err
}

// Cloudflare's 520–524 on a read are retried like 502–504; on a create they are not.
func TestCloudflareOriginErrorsRetried(t *testing.T) {
	for status := 520; status <= 524; status++ {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			c, mux, _ := setup(t)
			var gets, posts atomic.Int32
			mux.HandleFunc("GET "+apiPrefix+"/company/companies/5", func(w http.ResponseWriter, r *http.Request) {
				if gets.Add(1) <= 2 {
					page(status, cloudflare52xPage(status), "Server: cloudflare", "Content-Type: text/html")(w, r)
					return
				}
				writeJSON(w, 200, map[string]any{"id": 5, "identifier": "ACME", "name": "Acme"})
			})
			mux.HandleFunc("POST "+apiPrefix+"/finance/agreements/7/additions", func(w http.ResponseWriter, r *http.Request) {
				posts.Add(1)
				page(status, cloudflare52xPage(status), "Server: cloudflare", "Content-Type: text/html")(w, r)
			})
			co, err := c.Companies.Get(context.Background(), 5)
			if err != nil || co.ID != 5 || gets.Load() != 3 {
				t.Errorf("GET: %v after %d attempts, want the company after 3", err, gets.Load())
			}
			err = call(c, "POST", "/finance/agreements/7/additions")
			if posts.Load() != 1 || !errors.Is(err, ErrForeignAnswer) || !IsAmbiguousWrite(err) {
				t.Errorf("POST: %d attempts, err %v (ambiguous %v); want 1 attempt, a foreign answer that may have applied", posts.Load(), err, IsAmbiguousWrite(err))
			}
			if want := fmt.Sprintf("(Cloudflare %d)", status); !strings.Contains(err.Error(), want) {
				t.Errorf("POST: message lacks %q: %v", want, err)
			}
		})
	}
}

// The ConnectWise envelope keeps its meaning whatever the Server header says: ConnectWise
// runs on IIS, and sites behind Cloudflare get its Server header on every answer.
func TestEnvelopeBehindAProxyIsConnectWise(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET "+apiPrefix+"/company/companies/5", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "cloudflare")
		writeEnvelope(w, 403, "Forbidden", "You do not have permission to perform this action")
	})
	_, err := c.Companies.Get(context.Background(), 5)
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrForbidden) || errors.Is(err, ErrForeignAnswer) ||
		ae.Permission != "Companies › Company Maintenance: Inquire Level must be All" {
		t.Fatalf("err = %v", err)
	}
}

// A page's title is untrusted: entities decoded, quotes and control characters dropped,
// length bounded; a page without a title says nothing of its content.
func TestForeignTitleIsSanitised(t *testing.T) {
	long := strings.Repeat("x", 300)
	for body, want := range map[string]string{
		"<html><head><title>\n  Fehler &amp; &quot;Wartung&quot;\t\x07 </title></head></html>": `titled "Fehler & 'Wartung'"`,
		"<html><head><title>" + long + "</title></head></html>":                                `titled "` + long[:100] + `…"`,
		"<html><body><h1>secret stuff</h1></body></html>":                                      "",
	} {
		e := &APIError{StatusCode: 503, Method: "GET", Path: "/x"}
		foreignAnswer(e, http.Header{}, []byte(body))
		if e.Message != want || strings.Contains(e.Error(), "secret") {
			t.Errorf("%q: Message %q, want %q (%s)", body, e.Message, want, e.Error())
		}
	}
}

// On a cloud site a 404 with ConnectWise's envelope may mean refused keys; a web server's
// own 404 page does not get that hint.
func TestForeign404OnCloudIsNotAboutTheKeys(t *testing.T) {
	c, mux, _ := setup(t)
	c.cloud.Store(true)
	mux.HandleFunc("GET "+apiPrefix+"/system/info", page(404, `<html><head><title>404 - File or directory not found.</title></head></html>`, "Server: Microsoft-IIS/10.0"))
	_, err := c.System.Info(context.Background())
	if !errors.Is(err, ErrForeignAnswer) || strings.Contains(err.Error(), "API keys") ||
		!strings.Contains(err.Error(), "there is no ConnectWise API at this address") {
		t.Errorf("err = %v", err)
	}
}
