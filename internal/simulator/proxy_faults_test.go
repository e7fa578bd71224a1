package simulator

import (
	"reflect"
	"strings"
	"testing"
)

// Each proxy fault answers as the proxy does: its status, its Server header, its page (or
// nothing), and none of ConnectWise's envelope or headers; only a Cloudflare 524 comes
// after the request was applied.
func TestProxyFaults(t *testing.T) {
	tests := []struct {
		name     string
		faults   Faults
		statuses []int
		server   string
		markers  []string // in the body; none means an empty body
		applied  bool     // a POST is applied
	}{
		{"Cloudflare block", Faults{CloudflareBlock403: 1}, []int{403}, "cloudflare",
			[]string{"<title>Attention Required! | Cloudflare</title>", "Sorry, you have been blocked", "Cloudflare Ray ID"}, false},
		{"IIS 500", Faults{IISError500: 1}, []int{500}, "Microsoft-IIS/10.0",
			[]string{"<title>500 - Internal server error.</title>", "There is a problem with the resource"}, false},
		{"empty 502", Faults{Empty502: 1}, []int{502}, "", nil, false},
		{"Cloudflare 52x", Faults{Cloudflare52x: 1}, []int{520, 521, 522, 523, 524}, "cloudflare",
			[]string{"Error code 52", "cloudflare.com"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAPITest(t, Options{Faults: tt.faults})
			seen := map[int]bool{}
			for range 40 {
				r := a.api("GET", "/system/info", nil)
				seen[r.status] = true
				if r.header.Get("Server") != tt.server || r.header.Get("api-current-version") != "" {
					t.Fatalf("headers %v", r.header)
				}
				if len(tt.markers) == 0 && len(r.body) != 0 {
					t.Fatalf("body %q, want none", r.body)
				}
				for _, m := range tt.markers {
					if !strings.Contains(string(r.body), m) {
						t.Fatalf("body lacks %q:\n%s", m, r.body)
					}
				}
				if strings.Contains(string(r.body), `"code"`) {
					t.Fatalf("a proxy's answer carries ConnectWise's envelope: %s", r.body)
				}
			}
			for _, st := range tt.statuses {
				if !seen[st] {
					t.Errorf("status %d never answered in 40 requests (saw %v)", st, seen)
				}
			}
			if len(seen) != len(tt.statuses) {
				t.Errorf("statuses %v, want only %v", seen, tt.statuses)
			}
			// Discovery is never faulted.
			wantStatus(t, a.raw("GET", "/login/companyinfo/mspkit", nil), 200)
			before := len(a.srv.Sim.Store().List("additions"))
			r := a.api("POST", "/finance/agreements/10/additions", additionBody(20, 3))
			applied := len(a.srv.Sim.Store().List("additions")) - before
			if want := tt.applied || r.status == 524; (applied == 1) != want {
				t.Errorf("POST answered %d: %d additions created, want applied %v", r.status, applied, want)
			}
			if c := a.srv.Sim.Counters(); c.Writes != applied {
				t.Errorf("Writes %d, want %d", c.Writes, applied)
			}
		})
	}
}

// The proxy dice have their own source: turning them on leaves the older faults'
// sequence for a seed as it was, and they repeat for a seed.
func TestProxyFaultsKeepTheOtherSequences(t *testing.T) {
	run := func(f Faults) []int {
		a := newAPITest(t, Options{Faults: f})
		var out []int
		for range 60 {
			out = append(out, a.api("GET", "/system/info", nil).status)
		}
		return out
	}
	base := Faults{Seed: 7, Error500: 0.2, Error503: 0.2}
	before := run(base)
	withProxy := base
	withProxy.CloudflareBlock403, withProxy.Empty502, withProxy.Cloudflare52x = 0.1, 0.1, 0.1
	after := run(withProxy)
	proxy := 0
	for i := range before {
		switch {
		case before[i] == 500 || before[i] == 503:
			if after[i] != before[i] {
				t.Errorf("request %d: %d with the proxy faults, %d without", i, after[i], before[i])
			}
		case after[i] != 200:
			proxy++
		}
	}
	if proxy == 0 {
		t.Errorf("no proxy fault in 60 requests: %v", after)
	}
	if again := run(withProxy); !reflect.DeepEqual(after, again) {
		t.Errorf("same seed, different faults:\n%v\n%v", after, again)
	}
}

// PUT /faults takes the proxy faults; PUT /keys rotates or revokes the keys.
func TestAdminProxyFaultsAndKeys(t *testing.T) {
	a := newAPITest(t, Options{})
	if st := a.admin("PUT", "/faults", `{"cloudflareBlock403":1}`, nil); st != 204 {
		t.Fatalf("faults %d", st)
	}
	wantStatus(t, a.api("GET", "/system/info", nil), 403)
	if st := a.admin("PUT", "/faults", `{"cloudflare52x":1.5}`, nil); st != 400 {
		t.Fatalf("bad faults %d", st)
	}
	a.admin("PUT", "/faults", `{}`, nil)

	if st := a.admin("PUT", "/keys", `{"afterRequests":2}`, nil); st != 204 {
		t.Fatalf("keys %d", st)
	}
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	wantError(t, a.api("GET", "/system/info", nil), 401, "Unauthorized", "", "")
	// The new keys work.
	if st := a.admin("PUT", "/keys", `{"publicKey":"newpub","privateKey":"newpriv"}`, nil); st != 204 {
		t.Fatalf("keys %d", st)
	}
	wantStatus(t, a.api("GET", "/system/info", nil, "Authorization: "+basicAuth(DefaultCompanyID, "newpub", "newpriv")), 200)
	wantError(t, a.api("GET", "/system/info", nil), 401, "Unauthorized", "", "")
	if st := a.admin("PUT", "/keys", `{"afterRequests":-1}`, nil); st != 400 {
		t.Fatalf("negative afterRequests %d", st)
	}
}

// RevokeKeysAfter(n): the next n API requests pass, every later one is refused.
func TestRevokeKeysAfter(t *testing.T) {
	a := newAPITest(t, Options{})
	a.srv.Sim.RevokeKeysAfter(3)
	var got []int
	for range 6 {
		got = append(got, a.api("GET", "/system/info", nil).status)
	}
	if want := []int{200, 200, 200, 401, 401, 401}; !reflect.DeepEqual(got, want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	// Discovery needs no keys.
	wantStatus(t, a.raw("GET", "/login/companyinfo/mspkit", nil), 200)
	a.srv.Sim.RotateKeys("", DefaultPrivateKey, 0)
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
}
