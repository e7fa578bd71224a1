package usagesync

import (
	"strings"
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// A customer whose company the API member's Level or Location hides (its agreement with
// it) is skipped as not found or not visible, never reported as deleted or in the recycle
// bin; the other customers are billed.
func TestHiddenCompanyIsNotCalledDeleted(t *testing.T) {
	s := newSite(t, 3, []string{"core-license"}, simulator.Options{})
	hidden := s.customers[1]
	s.srv.Sim.SetHiddenCompanies(hidden.CompanyID)
	res := run(t, s, s.usage(4, 0, 0), Settings{})
	line := lineOf(res, hidden.OrganizationID)
	want := "of organization " + hidden.OrganizationID + " was not found or is not visible to this API member " +
		"(deleted, or hidden by the member's Level or Location restrictions in ConnectWise): nothing is written"
	if line.Kind != "skip" || !strings.Contains(line.Reason, want) {
		t.Errorf("hidden customer: %s %q, want a skip saying %q", line.Kind, line.Reason, want)
	}
	for _, bad := range []string{"deleted?", "recycle bin"} {
		if strings.Contains(line.Reason, bad) {
			t.Errorf("hidden customer reported with %q: %s", bad, line.Reason)
		}
	}
	if res.Summary.Created != 2 || res.Summary.Failed != 0 {
		t.Errorf("summary %+v: want the two visible customers billed", res.Summary)
	}
}
