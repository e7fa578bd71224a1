package connectwise

import (
	"strings"
	"testing"
)

func TestNormalizeSiteURL(t *testing.T) {
	tests := []struct {
		in, want, codebase string
	}{
		{"https://api-na.myconnectwise.net", "https://api-na.myconnectwise.net", ""},
		{"https://na.myconnectwise.net", "https://api-na.myconnectwise.net", ""},
		{"eu.myconnectwise.net", "https://api-eu.myconnectwise.net", ""},
		{"AU.MyConnectWise.net/", "https://api-au.myconnectwise.net", ""},
		{"https://za.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US#x", "https://api-za.myconnectwise.net", "v4_6_release/"},
		{"staging.connectwisedev.com", "https://api-staging.connectwisedev.com", ""},
		{"https://api-na.myconnectwise.net/v4_6_release/apis/3.0/", "https://api-na.myconnectwise.net", "v4_6_release/"},
		{"https://api-na.myconnectwise.net/v2025_8/apis/3.0", "https://api-na.myconnectwise.net", "v2025_8/"},
		{"  cw.example.com:8443/some/path ", "https://cw.example.com:8443", ""},
		{"https://cw.example.com.", "https://cw.example.com", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"http://localhost:9000/v2025_8/apis/3.0", "http://localhost:9000", "v2025_8/"},
		{"http://[::1]:9000", "http://[::1]:9000", ""},
	}
	for _, tt := range tests {
		s, err := parseSiteURL(tt.in)
		u, cb := s.url, s.codebase
		if err != nil {
			t.Errorf("parseSiteURL(%q): %v", tt.in, err)
			continue
		}
		if u.String() != tt.want || cb != tt.codebase {
			t.Errorf("parseSiteURL(%q) = %q, %q; want %q, %q", tt.in, u, cb, tt.want, tt.codebase)
		}
	}
}

func TestNormalizeSiteURLErrors(t *testing.T) {
	tests := []struct{ in, wantMsg string }{
		{"", "is empty"},
		{"   ", "is empty"},
		{"http://cw.example.com", `write "https://cw.example.com"`},
		{"http://na.myconnectwise.net/v4_6_release", `write "https://api-na.myconnectwise.net"`},
		{"ftp://cw.example.com", `scheme "ftp"`},
		{"https://user:pw@cw.example.com", "user name or password"},
		{"https://", "has no host"},
		{"https://cw example.com", "not a URL"},
	}
	for _, tt := range tests {
		_, err := NormalizeSiteURL(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("NormalizeSiteURL(%q) error = %v; want it to contain %q", tt.in, err, tt.wantMsg)
		}
		if err != nil && strings.Contains(err.Error(), "pw@") {
			t.Errorf("error echoes the password: %v", err)
		}
	}
}
