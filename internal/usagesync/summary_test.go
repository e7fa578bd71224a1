package usagesync

import (
	"errors"
	"testing"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
)

// A failure summary claims customers were synced only when some were, and never in a dry run.
func TestFailureSummarySaysWhatHappened(t *testing.T) {
	line := func(org string, kind billing.Kind) Outcome {
		return Outcome{Change: billing.Change{OrganizationID: org, Kind: kind}}
	}
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		res  Result
		want string
	}{
		{"all failed", Result{Customers: 2, Failed: map[string]error{"a": boom, "b": boom},
			Lines: []Outcome{line("a", billing.Create), line("b", billing.Update)}},
			"2 of 2 customers failed; no customer was synced"},
		{"one of three", Result{Customers: 3, Failed: map[string]error{"a": boom},
			Lines: []Outcome{line("a", billing.Create), line("b", billing.None), line("c", billing.Update)}},
			"1 of 3 customers failed; 2 others were synced"},
		{"others skipped", Result{Customers: 3, Failed: map[string]error{"a": boom},
			Lines: []Outcome{line("a", billing.Create), line("b", billing.Skip), line("c", billing.Update)}},
			"1 of 3 customers failed; 1 other was synced, 1 skipped (see the warnings)"},
		{"dry run", Result{Customers: 3, DryRun: true, Failed: map[string]error{"a": boom},
			Lines: []Outcome{line("a", billing.Skip), line("b", billing.Create)}},
			"1 of 3 customers failed; this was a dry run: nothing was written"},
	} {
		if got := tc.res.FailureSummary(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
