package simulator

import (
	"net/http"
	"net/url"
	"testing"
)

// TestPageMutation: a mutation set through the admin API fires once, right after the
// list answer it waits for, and the answer that fired it was computed before the change.
func TestPageMutation(t *testing.T) {
	a := newAPITest(t, Options{})
	for _, bad := range []string{`{"route":"/company/companies","kind":"nope","ids":[1],"delete":true}`,
		`{"route":"/company/companies","kind":"companies","ids":[1]}`,
		`{"route":"/company/companies","kind":"companies","ids":[1],"delete":true,"fields":{"name":"x"}}`} {
		if st := a.admin("POST", "/mutations", bad, nil); st != http.StatusBadRequest {
			t.Errorf("%s: status %d", bad, st)
		}
	}
	body := `{"route":"/company/companies","afterPage":2,"kind":"companies","ids":[1,3],"fields":{"deletedFlag":true}}`
	if st := a.admin("POST", "/mutations", body, nil); st != http.StatusNoContent {
		t.Fatalf("POST /mutations: status %d", st)
	}
	active := "/company/companies?conditions=" + url.QueryEscape("deletedFlag=false")
	for i, want := range []int{2, 2, 0, 0} {
		if got := len(a.api("GET", active, nil).list(t)); got != want {
			t.Errorf("list %d: %d active companies, want %d", i+1, got, want)
		}
	}
	// Counts and by-ID reads do not count as pages.
	a.srv.Sim.AfterPage("/finance/agreements", 1, func(st *Store) { st.Delete("agreements", 10) })
	a.api("GET", "/finance/agreements/count", nil)
	wantStatus(t, a.api("GET", "/finance/agreements/10", nil), http.StatusOK)
	if got := len(a.api("GET", "/finance/agreements", nil).list(t)); got != 3 {
		t.Errorf("first page: %d agreements, want 3", got)
	}
	wantStatus(t, a.api("GET", "/finance/agreements/10", nil), http.StatusNotFound)
}
