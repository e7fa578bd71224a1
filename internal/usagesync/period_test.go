package usagesync

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

// additionsOf is what ConnectWise holds for an agreement, as text, to prove nothing changed.
func (s *site) additionsOf(agreementID int) string {
	var out []string
	for _, a := range s.srv.Sim.Store().List("additions") {
		if simulator.Int(a["agreementId"]) == agreementID {
			out = append(out, fmt.Sprintf("%v %v qty=%v eff=%v cancelled=%v", a["id"], a["product"], a["quantity"], a["effectiveDate"], a["cancelledDate"]))
		}
	}
	return strings.Join(out, "\n")
}

func lineOf(res *Result, org string) Outcome {
	for _, l := range res.Lines {
		if l.OrganizationID == org {
			return l
		}
	}
	panic("no line for " + org)
}

// After a first run, customer 0's company goes to the recycle bin and a person edits its
// addition; customer 1's company was in the recycle bin from the start; customer 2's
// addition is cancelled inside the period. The next run (usage changed for everyone)
// writes nothing to any of them, and says why with the engine's reasons.
func TestRunWritesNothingTheEngineDoesNotBill(t *testing.T) {
	s := newSite(t, 5, []string{"core-license"}, simulator.Options{})
	st := s.srv.Sim.Store()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.Update("companies", s.customers[1].CompanyID, map[string]any{"deletedFlag": true}))
	run(t, s, s.usage(3, 0, 0), Settings{})
	if got := s.additionsOf(s.customers[1].AgreementID); got != "" {
		t.Fatalf("an addition was created for a company in the recycle bin: %s", got)
	}
	must(st.Update("companies", s.customers[0].CompanyID, map[string]any{"deletedFlag": true}))
	for _, a := range st.List("additions") {
		switch simulator.Int(a["agreementId"]) {
		case s.customers[0].AgreementID:
			must(st.Update("additions", simulator.Int(a["id"]), map[string]any{"quantity": 99.0}))
		case s.customers[2].AgreementID:
			must(st.Update("additions", simulator.Int(a["id"]), map[string]any{"cancelledDate": "2026-11-10T00:00:00Z", "agreementStatus": "Cancelled"}))
		}
	}
	blocked := map[int]string{}
	for _, c := range s.customers[:3] {
		blocked[c.AgreementID] = s.additionsOf(c.AgreementID)
	}

	s.srv.Sim.ResetCounters()
	res := run(t, s, s.usage(3, 1, 2), Settings{}) // every quantity changes
	for _, c := range s.customers[:3] {
		if got := s.additionsOf(c.AgreementID); got != blocked[c.AgreementID] {
			t.Errorf("%s: additions changed:\n%s\nwas\n%s", c.OrganizationID, got, blocked[c.AgreementID])
		}
	}
	if c := s.srv.Sim.Counters(); c.Writes != 2 || res.Summary.Updated != 2 {
		t.Errorf("want only the updates of customers 3 and 4, got %d writes, summary %+v", c.Writes, res.Summary)
	}
	for i, want := range []string{
		fmt.Sprintf("company %d (Customer CUST00000) is in the ConnectWise recycle bin: nothing is written", s.customers[0].CompanyID),
		fmt.Sprintf("company %d (Customer CUST00001) is in the ConnectWise recycle bin: nothing is written", s.customers[1].CompanyID),
		"cancelled 2026-11-10) was cancelled inside the period and still bills part of it",
	} {
		if l := lineOf(res, s.customers[i].OrganizationID); !strings.Contains(l.Reason, want) {
			t.Errorf("%s: %s %q, want %q", l.OrganizationID, l.Kind, l.Reason, want)
		}
	}
}

// The final January run: an addition cancelled on January 31 still bills all of January,
// so nothing is created over it; one cancelled in December is gone, and the new addition
// starts on January 1.
func TestFinalJanuaryRun(t *testing.T) {
	s := newSite(t, 2, []string{"core-license"}, simulator.Options{Now: func() time.Time { return time.Date(2027, 2, 1, 6, 0, 0, 0, time.UTC) }})
	item := s.products[0].CatalogItemID
	for i, cancelled := range []string{"2027-01-31T00:00:00Z", "2026-12-31T00:00:00Z"} {
		s.srv.Sim.Store().Insert("additions", map[string]any{
			"agreementId": s.customers[i].AgreementID, "product": map[string]any{"id": item}, "quantity": 5.0,
			"billCustomer": "Billable", "effectiveDate": "2026-12-01T00:00:00Z", "cancelledDate": cancelled, "agreementStatus": "Cancelled",
		})
	}
	req := s.request(s.usage(7, 0, 0))
	req.Options.AsOf = time.Date(2027, 2, 1, 6, 0, 0, 0, time.UTC)
	res, err := Run(context.Background(), s.client, req, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if l := lineOf(res, s.customers[0].OrganizationID); l.Kind != billing.Conflict || !strings.Contains(l.Reason, "billing period January 2027") {
		t.Errorf("cancelled on January 31: %s %q", l.Kind, l.Reason)
	}
	var created []string
	for _, a := range s.srv.Sim.Store().List("additions") {
		if a["cancelledDate"] == nil {
			created = append(created, fmt.Sprintf("%v %v", simulator.Int(a["agreementId"]), a["effectiveDate"]))
		}
	}
	want := []string{fmt.Sprintf("%d 2027-01-01T00:00:00Z", s.customers[1].AgreementID)}
	if !reflect.DeepEqual(created, want) || res.Summary.Created != 1 {
		t.Errorf("created %v, want %v; summary %+v", created, want, res.Summary)
	}
}
