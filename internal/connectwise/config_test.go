package connectwise

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestNewValidatesEachField(t *testing.T) {
	_, err := New(Config{
		SiteURL:    "http://cw.example.com",
		CompanyID:  "",
		PublicKey:  "pub key",
		PrivateKey: "",
		ClientID:   "not-a-guid",
		Codebase:   "../etc",
		APIVersion: "latest",
		CACertPEM:  []byte("garbage"),
	})
	var errs ConfigErrors
	if !errors.As(err, &errs) {
		t.Fatalf("New error %T %v; want ConfigErrors", err, err)
	}
	fields := map[string]bool{}
	for _, e := range errs {
		fields[e.Field] = true
	}
	for _, f := range []string{"SiteURL", "CompanyID", "PublicKey", "PrivateKey", "ClientID", "Codebase", "APIVersion", "CACertPEM"} {
		if !fields[f] {
			t.Errorf("no error for %s in %v", f, err)
		}
	}
	var one *ConfigError
	if !errors.As(err, &one) {
		t.Errorf("errors.As(*ConfigError) failed")
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{SiteURL: "na.myconnectwise.net", CompanyID: "acme", PublicKey: "p", PrivateKey: "k", ClientID: testClientID})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.APIVersion != "2025.8" || c.cfg.MaxRetries != 4 || c.cfg.RequestsPerMinute != 600 ||
		c.cfg.RetryWaitMin != DefaultRetryWaitMin || c.cfg.RetryWaitMax != DefaultRetryWaitMax {
		t.Errorf("defaults not applied: %+v", c.cfg)
	}
	if c.BaseURL() != "" || c.SiteURL() != "https://api-na.myconnectwise.net" {
		t.Errorf("BaseURL %q SiteURL %q", c.BaseURL(), c.SiteURL())
	}
	// A codebase pasted with the URL is used; an explicit one wins.
	c, _ = New(Config{SiteURL: "https://api-na.myconnectwise.net/v4_6_release/apis/3.0", CompanyID: "acme", PublicKey: "p", PrivateKey: "k", ClientID: testClientID})
	if c.BaseURL() != "https://api-na.myconnectwise.net/v4_6_release/apis/3.0" {
		t.Errorf("BaseURL = %q", c.BaseURL())
	}
	c, _ = New(Config{SiteURL: "https://api-na.myconnectwise.net/v4_6_release/apis/3.0", Codebase: "v2025_8", CompanyID: "acme", PublicKey: "p", PrivateKey: "k", ClientID: testClientID})
	if c.BaseURL() != "https://api-na.myconnectwise.net/v2025_8/apis/3.0" {
		t.Errorf("BaseURL = %q", c.BaseURL())
	}
}

func TestConfigStringRedactsPrivateKey(t *testing.T) {
	cfg := testConfig("https://x")
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg)} {
		if strings.Contains(s, testPrivate) {
			t.Errorf("private key printed: %s", s)
		}
	}
}
