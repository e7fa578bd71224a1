package simulator

import (
	"net/http"
	"testing"
)

// TestHiddenCompanies: a company the API member's Level or Location hides is missing from
// lists and counts and answers 404 NotFound by ID, as a deleted one would, and so are its
// agreements and their additions; a company in the recycle bin is still returned.
func TestHiddenCompanies(t *testing.T) {
	a := newAPITest(t, Options{})
	if st := a.admin("PUT", "/hidden-companies", `{"ids":[1]}`, nil); st != http.StatusNoContent {
		t.Fatalf("PUT /hidden-companies: status %d", st)
	}
	var got struct{ IDs []int }
	if a.admin("GET", "/hidden-companies", "", &got); len(got.IDs) != 1 || got.IDs[0] != 1 {
		t.Errorf("GET /hidden-companies: %v", got.IDs)
	}
	ids := func(path string) []any {
		var out []any
		for _, o := range a.api("GET", path, nil).list(t) {
			out = append(out, o["id"])
		}
		return out
	}
	if got := ids("/company/companies"); len(got) != 2 || got[0] != 2.0 || got[1] != 3.0 {
		t.Errorf("companies listed: %v, want 2 (in the recycle bin) and 3", got)
	}
	if n := a.api("GET", "/company/companies/count", nil).object(t)["count"]; n != 2.0 {
		t.Errorf("count %v, want 2", n)
	}
	for _, path := range []string{"/company/companies/1", "/finance/agreements/10", "/finance/agreements/10/additions",
		"/finance/agreements/10/additions/30", "/finance/agreements/10/additions/count"} {
		wantError(t, a.api("GET", path, nil), 404, "NotFound", "", "")
	}
	if got := ids("/finance/agreements"); len(got) != 0 {
		t.Errorf("agreements listed: %v, want none (all are company 1's)", got)
	}
	if n := a.api("GET", "/finance/agreements/count", nil).object(t)["count"]; n != 0.0 {
		t.Errorf("agreement count %v, want 0", n)
	}
	wantStatus(t, a.api("PATCH", "/finance/agreements/10/additions/30", []map[string]any{{"op": "replace", "path": "quantity", "value": 1}}), 404)
	if deleted := a.api("GET", "/company/companies/2", nil).object(t); deleted["deletedFlag"] != true {
		t.Errorf("company in the recycle bin: %v", deleted)
	}

	a.srv.Sim.SetHiddenCompanies()
	wantStatus(t, a.api("GET", "/finance/agreements/10", nil), 200)
	if got := ids("/company/companies"); len(got) != 3 {
		t.Errorf("nothing hidden: companies %v", got)
	}
}
