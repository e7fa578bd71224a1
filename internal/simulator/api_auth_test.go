package simulator

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCompanyInfo(t *testing.T) {
	a := newAPITest(t, Options{IsCloud: true})
	r := a.raw("GET", "/login/companyinfo/MSPKit", nil, "Authorization:", "clientId:")
	wantStatus(t, r, 200)
	info := r.object(t)
	want := map[string]any{"Codebase": "v2025_8/", "VersionCode": "v2025.8", "VersionNumber": "v2025.8.0.0", "CompanyID": DefaultCompanyID, "IsCloud": true}
	for k, v := range want {
		if info[k] != v {
			t.Errorf("%s = %v, want %v", k, info[k], v)
		}
	}
	if info["CompanyName"] == "" || info["SiteUrl"] == "" {
		t.Errorf("CompanyName/SiteUrl empty: %v", info)
	}
	r = a.raw("GET", "/login/companyinfo/someoneelse", nil)
	wantStatus(t, r, 200)
	if string(r.body) != "null" {
		t.Fatalf("unknown company: body %q, want null", r.body)
	}
	wantStatus(t, a.raw("POST", "/login/companyinfo/mspkit", "{}"), 405)
}

func TestAuthFailures(t *testing.T) {
	a := newAPITest(t, Options{})
	cases := []struct {
		name     string
		hdr      []string
		clientID bool // the message must mention clientId
	}{
		{"no authorization", []string{"Authorization:"}, false},
		{"wrong private key", []string{"Authorization: " + basicAuth(DefaultCompanyID, DefaultPublicKey, "nope")}, false},
		{"wrong public key", []string{"Authorization: " + basicAuth(DefaultCompanyID, "other", DefaultPrivateKey)}, false},
		{"wrong company", []string{"Authorization: " + basicAuth("other", DefaultPublicKey, DefaultPrivateKey)}, false},
		{"not basic", []string{"Authorization: Bearer abc"}, false},
		{"bad base64", []string{"Authorization: Basic %%%"}, false},
		{"no plus", []string{"Authorization: Basic bXNwa2l0c2ltcHVibGljOnNpbXByaXZhdGU="}, false},
		{"missing clientId", []string{"clientId:"}, true},
		{"clientId not a GUID", []string{"clientId: my-integration"}, true},
		{"bad credentials win over bad clientId", []string{"Authorization: Bearer x", "clientId:"}, false},
	}
	for _, c := range cases {
		r := a.api("GET", "/system/info", nil, c.hdr...)
		e := wantError(t, r, 401, "Unauthorized", "", "")
		if got := strings.Contains(e.Message, "clientId"); got != c.clientID {
			t.Errorf("%s: message %q mentions clientId: %v, want %v", c.name, e.Message, got, c.clientID)
		}
	}
	// The company ID is case-insensitive, the keys are not.
	wantStatus(t, a.api("GET", "/system/info", nil, "Authorization: "+basicAuth("MSPKIT", DefaultPublicKey, DefaultPrivateKey)), 200)
	wantStatus(t, a.api("GET", "/system/info", nil, "Authorization: "+basicAuth(DefaultCompanyID, "SIMPUBLIC", DefaultPrivateKey)), 401)
	wantStatus(t, a.api("GET", "/system/info", nil, "clientId: "+strings.ToUpper(DefaultClientID)), 200)
}

func TestFixedClientID(t *testing.T) {
	a := newAPITest(t, Options{ClientID: "11111111-2222-3333-4444-555555555555"})
	e := wantError(t, a.api("GET", "/system/info", nil), 401, "Unauthorized", "", "")
	if !strings.Contains(e.Message, "clientId") {
		t.Fatalf("message %q", e.Message)
	}
	wantStatus(t, a.api("GET", "/system/info", nil, "clientId: 11111111-2222-3333-4444-555555555555"), 200)
}

func TestHeadersAndVersion(t *testing.T) {
	a := newAPITest(t, Options{})
	r := a.api("GET", "/system/info", nil)
	wantStatus(t, r, 200)
	if ct := r.header.Get("Content-Type"); ct != "application/vnd.connectwise.com+json; version=2025.8" {
		t.Errorf("Content-Type %q", ct)
	}
	if v := r.header.Get("api-current-version"); v != "2025.8" {
		t.Errorf("api-current-version %q", v)
	}
	if v := r.header.Get("X-Served-Version"); v != "" {
		t.Errorf("X-Served-Version %q for a matching Accept", v)
	}
	r = a.api("GET", "/system/info", nil, "Accept: application/vnd.connectwise.com+json; version=2022.1")
	wantStatus(t, r, 200)
	if v := r.header.Get("X-Served-Version"); v != "2025.8" {
		t.Errorf("X-Served-Version %q", v)
	}
	info := r.object(t)
	if info["version"] != "v2025.8.0.0" || info["isCloud"] != false || info["serverTimeZone"] != "Eastern Standard Time" || info["cloudRegion"] != "" {
		t.Errorf("info %v", info)
	}
	r = a.api("GET", "/system/info", nil, "Accept:")
	wantStatus(t, r, 200)
}

func TestCloudInfo(t *testing.T) {
	a := newAPITest(t, Options{IsCloud: true})
	info := a.api("GET", "/system/info", nil).object(t)
	if info["isCloud"] != true || info["cloudRegion"] != "NA" {
		t.Fatalf("info %v", info)
	}
}

func TestRoutingErrors(t *testing.T) {
	a := newAPITest(t, Options{})
	wantError(t, a.api("GET", "/company/nothing", nil), 404, "NotFound", "", "")
	wantError(t, a.api("GET", "/company/companies/abc", nil), 404, "NotFound", "", "")
	wantError(t, a.api("GET", "/company/companies/", nil), 404, "NotFound", "", "")
	wantError(t, a.raw("GET", "/", nil), 404, "NotFound", "", "")
	wantError(t, a.raw("GET", "/v2025_8/apis/3.1/system/info", nil), 404, "NotFound", "", "")
	r := a.api("DELETE", "/company/companies", nil)
	wantError(t, r, 405, "MethodNotAllowed", "", "")
	if r.header.Get("Allow") != "GET, POST" {
		t.Errorf("Allow %q", r.header.Get("Allow"))
	}
	wantStatus(t, a.api("POST", "/company/companies/count", "{}"), 405)
	wantStatus(t, a.api("POST", "/system/info", "{}"), 405)
	wantError(t, a.api("GET", "/company/companies/999", nil), 404, "NotFound", "", "")
	wantError(t, a.api("GET", "/finance/agreements/999/additions", nil), 404, "NotFound", "", "")
	wantError(t, a.api("GET", "/finance/agreements/999/additions/count", nil), 404, "NotFound", "", "")
	wantError(t, a.api("POST", "/finance/agreements/999/additions", map[string]any{"product": map[string]any{"id": 20}, "billCustomer": "Billable"}), 404, "NotFound", "", "")
	// An addition is only found under its own agreement.
	wantStatus(t, a.api("GET", "/finance/agreements/10/additions/30", nil), 200)
	wantError(t, a.api("GET", "/finance/agreements/11/additions/30", nil), 404, "NotFound", "", "")
	// Both spellings of the subcategory list route.
	wantStatus(t, a.api("GET", "/procurement/subcategories/", nil), 200)
	wantStatus(t, a.api("GET", "/procurement/subcategories", nil), 200)
	wantStatus(t, a.api("GET", "/procurement/subcategories/1", nil), 200)
}

func TestCodebaseSwitch(t *testing.T) {
	a := newAPITest(t, Options{})
	wantStatus(t, a.raw("GET", "/v2025_8/apis/3.0/system/info", nil), 200)
	wantStatus(t, a.raw("GET", "/v4_6_release/apis/3.0/system/info", nil), 200)
	wantError(t, a.raw("GET", "/v2019_4/apis/3.0/system/info", nil), 404, "NotFound", "", "")

	a.srv.Sim.SetCodebase("v2026_1")
	wantError(t, a.raw("GET", "/v2025_8/apis/3.0/system/info", nil), 404, "NotFound", "", "")
	wantStatus(t, a.raw("GET", "/v2026_1/apis/3.0/system/info", nil), 200)
	wantStatus(t, a.raw("GET", "/v4_6_release/apis/3.0/system/info", nil), 200)
	info := a.raw("GET", "/login/companyinfo/mspkit", nil).object(t)
	if info["Codebase"] != "v2026_1/" {
		t.Fatalf("companyinfo codebase %v", info["Codebase"])
	}
}

func TestLatency(t *testing.T) {
	a := newAPITest(t, Options{Latency: 60 * time.Millisecond})
	start := time.Now()
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("answered in %v, latency 60ms", d)
	}
	a.srv.Sim.SetLatency(0)
	start = time.Now()
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Fatalf("answered in %v after SetLatency(0)", d)
	}
}

func TestTLSServers(t *testing.T) {
	check := func(t *testing.T, srv *Server) {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(srv.CertPEM) {
			t.Fatal("CertPEM is not a PEM certificate")
		}
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v2025_8/apis/3.0/system/info", nil)
		req.Header.Set("Authorization", basicAuth(DefaultCompanyID, DefaultPublicKey, DefaultPrivateKey))
		req.Header.Set("clientId", DefaultClientID)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.ProtoMajor != 1 {
			t.Fatalf("status %d proto %s", resp.StatusCode, resp.Proto)
		}
		// Resets work over TLS too.
		srv.Sim.SetFaults(Faults{ResetBefore: 1})
		req, _ = http.NewRequest(http.MethodGet, srv.URL+"/v2025_8/apis/3.0/system/info", nil)
		if resp, err := c.Do(req); err == nil {
			_ = resp.Body.Close()
			t.Fatal("reset over TLS: no error")
		}
		srv.Sim.SetFaults(Faults{})
	}
	t.Run("StartTestTLS", func(t *testing.T) { check(t, StartTestTLS(t, Options{})) })
	t.Run("Start", func(t *testing.T) {
		srv, err := Start(Options{}, "127.0.0.1:0", true)
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		if !strings.HasPrefix(srv.AdminURL, "http://127.0.0.1:") {
			t.Fatalf("admin URL %s", srv.AdminURL)
		}
		check(t, srv)
		resp, err := http.Get(srv.AdminURL + "/counters")
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("admin status %d", resp.StatusCode)
		}
	})
	t.Run("StartPlain", func(t *testing.T) {
		srv, err := Start(Options{}, "127.0.0.1:0", false)
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") || srv.CertPEM != nil {
			t.Fatalf("URL %s", srv.URL)
		}
		resp, err := http.Get(srv.URL + "/login/companyinfo/mspkit")
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	})
}
