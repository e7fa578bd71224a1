package usagesync

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
	"github.com/mspkit/terraform-provider-connectwise/internal/simulator"
)

const notAttemptedReason = "not attempted: the API keys or the API member were refused (HTTP 401) earlier in this run; fix the credentials and run again"

// The API keys are revoked in the middle of a 2,000-customer sync: the client stops at
// the first refusal, so at most one 401 per parallel worker reaches ConnectWise; every
// customer is synced, failed, or reported not attempted (never silently skipped); nothing
// is billed twice; and with the keys fixed, the next run completes the rest.
func TestKeysRevokedMidRun(t *testing.T) {
	const customers, parallel = 2000, 4
	for _, tc := range []struct {
		name  string
		after func(load int) int // API requests answered before the keys are revoked
		// Refused in the first batched read, every customer's read failed with the 401
		// itself; later, the customers not reached yet are not attempted.
		wantNotAttempted bool
	}{
		{"before the first request", func(int) int { return 0 }, false},
		{"while reading the additions", func(int) int { return 900 }, true},
		{"while writing", func(load int) int { return load + 1000 }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, customers, []string{"core-license"}, simulator.Options{})
			u := s.usage(3, 0, 0)
			run(t, s, u, Settings{DryRun: true}) // measures the load: the reads before any write
			load := s.srv.Sim.Counters().Total
			s.srv.Sim.ResetCounters()
			s.srv.Sim.RevokeKeysAfter(tc.after(load))

			var progress []string
			res := run(t, s, u, Settings{MaxParallel: parallel, Progress: func(l string) { progress = append(progress, l) }})
			c := s.srv.Sim.Counters()
			refusals := c.ByStatus[401]
			t.Logf("%d requests, %d answered 401 (at most %d allowed); %d customers failed, %s",
				c.Total, refusals, parallel, len(res.Failed), res.SummaryLine())
			if refusals < 1 || refusals > parallel {
				t.Errorf("%d requests answered 401, want 1 to %d (one per parallel worker at most)", refusals, parallel)
			}

			// What the report says was created is what ConnectWise holds, including the
			// additions whose read-back the refusal cut off.
			if n := len(s.srv.Sim.Store().List("additions")); res.Summary.Created != n {
				t.Errorf("the summary says created %d; ConnectWise holds %d additions", res.Summary.Created, n)
			}
			for _, l := range progress {
				var done, total, failed int
				if _, err := fmt.Sscanf(l, "progress: %d of %d customers with changes done, %d failed", &done, &total, &failed); err == nil && failed > parallel {
					t.Errorf("progress counts the not-attempted customers as failed: %q", l)
				}
			}
			b := s.billingState(u)
			if len(b.duplicates)+len(b.cancelledWrites) > 0 {
				t.Fatalf("billed twice or on a cancelled agreement: %v %v", b.duplicates, b.cancelledWrites)
			}
			unbilled := map[int]bool{}
			for _, line := range b.mismatches {
				for _, cu := range s.customers {
					if strings.HasPrefix(line, cu.OrganizationID+" ") {
						unbilled[cu.AgreementID] = true
					}
				}
			}
			var synced, notAttempted, refused int
			for _, cu := range s.customers {
				err, failed := res.Failed[cu.OrganizationID]
				switch {
				case !failed && unbilled[cu.AgreementID]:
					t.Errorf("%s is neither billed nor reported failed", cu.OrganizationID)
				case !failed:
					synced++
				case err.Error() == notAttemptedReason:
					notAttempted++
					if !errors.Is(err, connectwise.ErrUnauthorized) {
						t.Errorf("%s: a not-attempted customer does not match ErrUnauthorized", cu.OrganizationID)
					}
				case strings.Contains(err.Error(), "401 Unauthorized") && errors.Is(err, connectwise.ErrUnauthorized):
					refused++ // in flight when the keys were revoked
				default:
					t.Errorf("%s failed for another reason: %v", cu.OrganizationID, err)
				}
			}
			t.Logf("customers: %d synced or skipped, %d refused in flight, %d not attempted", synced, refused, notAttempted)
			if (notAttempted > 0) != tc.wantNotAttempted || refused == 0 {
				t.Errorf("%d not attempted and %d refused in flight", notAttempted, refused)
			}
			if !tc.wantNotAttempted {
				return
			}
			if want := "(" + fmt.Sprint(notAttempted) + " of them not attempted: ConnectWise refused the credentials earlier in this run)"; !strings.Contains(res.FailureSummary(), want) {
				t.Errorf("failure summary %q lacks %q", res.FailureSummary(), want)
			}
			if len(progress) > refused+synced+5 {
				t.Errorf("%d progress lines: the not-attempted customers should be one line, not one each", len(progress))
			}

			// The keys are fixed (a new provider process, so a new client): the next run
			// completes every customer, and still nothing is billed twice.
			s.srv.Sim.RotateKeys("", simulator.DefaultPrivateKey, 0)
			s.client = newClient(t, s.srv.URL)
			s.srv.Sim.ResetCounters()
			again := run(t, s, u, Settings{MaxParallel: parallel})
			s.checkBilled(t, u)
			if again.Summary.Failed != 0 || s.srv.Sim.Counters().ByStatus[401] != 0 {
				t.Errorf("the run after the fix: %s", again.SummaryLine())
			}
		})
	}
}

// A customer whose first change was written before the keys were refused, elsewhere in
// the run, and whose second was then held back, says so.
func TestKeysRefusedBetweenTwoChangesOfACustomer(t *testing.T) {
	for _, tc := range []struct {
		method string // of the two changes: POST creates, PATCH updates
		want   func(got string) bool
	}{
		{http.MethodPatch, func(got string) bool { return got == "partly synced, the other changes "+notAttemptedReason }},
		// A create is read back (endDuplicates), and the client holds that read back too.
		{http.MethodPost, func(got string) bool {
			return strings.HasPrefix(got, "created addition ") && strings.Contains(got, "reading it back") &&
				strings.HasSuffix(got, "; the other changes "+notAttemptedReason)
		}},
	} {
		t.Run(tc.method, func(t *testing.T) {
			s := newSite(t, 2, []string{"core-license", "dedicated-server"}, simulator.Options{})
			u := s.usage(3, 0, 0)
			if tc.method == http.MethodPatch {
				run(t, s, u, Settings{})
				u = s.usage(3, 1, 1) // every quantity one more: two updates per customer
			}
			slow, refusing := s.customers[0].AgreementID, s.customers[1].AgreementID
			front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == tc.method {
					switch {
					case strings.Contains(r.URL.Path, fmt.Sprintf("/agreements/%d/", slow)):
						time.Sleep(300 * time.Millisecond) // the other customer's 401 arrives meanwhile
					case strings.Contains(r.URL.Path, fmt.Sprintf("/agreements/%d/", refusing)):
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(http.StatusUnauthorized)
						_, _ = w.Write([]byte(`{"code":"Unauthorized","message":"The API member could not be authenticated."}`))
						return
					}
				}
				s.srv.Sim.Handler().ServeHTTP(w, r)
			}))
			t.Cleanup(front.Close)
			s.client = newClient(t, front.URL)
			s.srv.Sim.ResetCounters()
			res := run(t, s, u, Settings{MaxParallel: 2})
			if got := res.Failed[s.customers[0].OrganizationID]; got == nil || !tc.want(got.Error()) {
				t.Errorf("customer with one change written: %v", got)
			}
			if got := res.Failed[s.customers[1].OrganizationID]; got == nil || !strings.Contains(got.Error(), "401 Unauthorized") {
				t.Errorf("customer refused: %v", got)
			}
			if n := s.srv.Sim.Counters().Writes; n != 1 {
				t.Errorf("%d writes, want 1", n)
			}
		})
	}
}
