package provider

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCatalogXRefMarker(t *testing.T) {
	if got := catalogXRefMarker("NordLayer", "core-license"); got != "tf:NordLayer/core-license" {
		t.Errorf("short marker = %q", got)
	}
	long := strings.Repeat("Ü", 30)
	a, b := catalogXRefMarker(long, "core-license"), catalogXRefMarker(long, "dedicated-server")
	for _, m := range []string{a, b} {
		if len(m) > 50 || !utf8.ValidString(m) || !strings.HasPrefix(m, "tf:Ü") || !strings.Contains(m, "~") {
			t.Errorf("long marker %q (%d bytes) must be valid UTF-8 within 50 bytes", m, len(m))
		}
	}
	if a == b || a != catalogXRefMarker(long, "core-license") {
		t.Errorf("long markers must be stable and distinct: %q %q", a, b)
	}
}
