package usagesync

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/mspkit/terraform-provider-connectwise/internal/billing"
	"github.com/mspkit/terraform-provider-connectwise/internal/connectwise"
)

// Request is one run's input: the mappings, the usage and the engine's options.
type Request struct {
	Customers []billing.Customer
	Products  []billing.Product
	Usage     billing.Usage
	Options   billing.Options
}

// Settings shape how a run executes.
type Settings struct {
	MaxParallel int  // customers (and additions reads) at once; default 4
	DryRun      bool // plan and report, write nothing
	// Progress receives human lines as the run goes; it is called from one goroutine at
	// a time. Nil is silent.
	Progress func(string)
	// ProgressEvery is how many customers pass between running counts (default 100).
	ProgressEvery int
}

// Outcome is one engine line after the run: the change, and what became of it.
type Outcome struct {
	billing.Change
	Err error // the write (or the read before it) failed
	// Written says the write itself was applied, even when a check after it failed (the
	// read-back for a concurrent run's duplicate): the customer is billed, and reports say so.
	Written    bool
	AdditionID int // the addition written (Create or Update); after a race, the one kept
	// Ended lists the duplicate additions this create ended: two runs at once each
	// created one, the lowest ID is kept and the others get cancelledDate = effective date.
	Ended []int
}

// Result is what a run did (or, in a dry run, would do).
type Result struct {
	Lines []Outcome
	// Agreements are the agreements read, for reports (names, company names).
	Agreements map[int]billing.Agreement
	Failed     map[string]error // organization ID -> why that customer failed
	Customers  int              // enabled customers in the run: Failed counts "N of Customers"
	Summary    Summary
	Period     billing.Period
	DryRun     bool
}

// Summary counts lines by outcome; Failed counts customers.
type Summary struct {
	Created, Updated, Unchanged, Skipped, Conflicts, Failed int
	// DuplicatesEnded counts the additions ended after a race with another run.
	DuplicatesEnded int
}

type runner struct {
	client      *connectwise.Client
	settings    Settings
	integration string // names the old marker description (billing.LegacyDescription)
	// before holds, per agreement, the IDs of the additions this run read before writing:
	// an addition that appears after them is a concurrent run's (billing.Duplicates).
	before map[int]map[int]bool
	mu     sync.Mutex // serialises Progress
}

// Run loads, plans and applies one sync. It returns an error only when the context ends;
// per-customer failures are in Result.Failed, and the next run completes them.
func Run(ctx context.Context, client *connectwise.Client, req Request, settings Settings) (*Result, error) {
	if settings.MaxParallel < 1 {
		settings.MaxParallel = 4
	}
	if settings.ProgressEvery < 1 {
		settings.ProgressEvery = 100
	}
	r := &runner{client: client, settings: settings, integration: req.Options.IntegrationName, before: map[int]map[int]bool{}}

	snap, err := Load(ctx, client, req.Customers, req.Products, settings.MaxParallel)
	if err != nil {
		return nil, err
	}
	// A customer whose additions could not be read is left out of the plan: the engine
	// would take "no additions known" for "none exist" and create a second one.
	var plannable []billing.Customer
	var unread []Outcome
	failed := map[string]error{}
	for _, c := range req.Customers {
		if err := snap.unread(c, req.Products); err != nil {
			err = notAttempted(err)
			failed[c.OrganizationID] = err
			for _, p := range req.Products {
				unread = append(unread, Outcome{Err: err, Change: billing.Change{
					Kind: billing.Skip, OrganizationID: c.OrganizationID, OrganizationName: c.OrganizationName,
					SKU: p.VendorSKU, CompanyID: c.CompanyID, AgreementID: c.AgreementID, CatalogItemID: p.CatalogItemID,
					Reason: "ConnectWise could not be read for this customer: nothing is written",
				}})
			}
			continue
		}
		plannable = append(plannable, c)
	}
	for id, adds := range snap.Additions {
		r.before[id] = map[int]bool{}
		for _, a := range adds {
			r.before[id][a.ID] = true
		}
	}
	changes := billing.Plan(billing.Input{
		Customers: plannable, Products: req.Products, Usage: req.Usage, Options: req.Options,
		Agreements: snap.Agreements, Additions: snap.Additions, Companies: snap.Companies, CatalogItems: snap.CatalogItems,
	})

	lines := make([]Outcome, len(changes))
	byCustomer := map[string][]int{} // organization ID -> indexes of its writing lines
	var order []string
	for i, ch := range changes {
		lines[i] = Outcome{Change: ch, AdditionID: ch.AdditionID}
		if ch.Writes() {
			if _, ok := byCustomer[ch.OrganizationID]; !ok {
				order = append(order, ch.OrganizationID)
			}
			byCustomer[ch.OrganizationID] = append(byCustomer[ch.OrganizationID], i)
		}
	}

	month := billing.BillingPeriod(req.Options.AsOf)
	var done, failures, notAttempted int
	forEach(ctx, order, settings.MaxParallel, func(org string) {
		var customerErr error
		var created []int // lines that created an addition: checked for duplicates in one read
		for _, i := range byCustomer[org] {
			if settings.DryRun {
				continue
			}
			if err := stopped(r.client); err != nil {
				lines[i].Err = err
				continue
			}
			id, err := r.applyChange(ctx, lines[i].Change)
			lines[i].AdditionID, lines[i].Err, lines[i].Written = id, err, err == nil
			if err == nil && lines[i].New != nil {
				created = append(created, i)
			}
		}
		if len(created) > 0 {
			r.endDuplicates(ctx, lines, created)
		}
		customerErr = customerFailure(lines, byCustomer[org])
		r.mu.Lock()
		defer r.mu.Unlock()
		done++
		switch {
		case IsNotAttempted(customerErr):
			failed[org] = customerErr
			notAttempted++
		case customerErr != nil:
			failed[org] = customerErr
			failures++
		}
		if !IsNotAttempted(customerErr) { // those get one line for all of them, below
			r.say(customerLine(lines, byCustomer[org], settings.DryRun, customerErr, month))
		}
		for _, i := range byCustomer[org] {
			if l := lines[i]; len(l.Ended) > 0 {
				r.say(fmt.Sprintf("%s %s, agreement %d: another run created the same addition at the same time; kept addition %d and ended %s (cancelled on its effective date, so it never bills)",
					l.OrganizationID, l.SKU, l.AgreementID, l.AdditionID, idList(l.Ended)))
			}
		}
		if done%settings.ProgressEvery == 0 {
			line := fmt.Sprintf("progress: %d of %d customers with changes done, %d failed", done, len(order), failures)
			if notAttempted > 0 {
				line += fmt.Sprintf(", %d not attempted", notAttempted)
			}
			r.say(line)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	lines = append(lines, unread...)
	res := &Result{Lines: lines, Agreements: snap.Agreements, Failed: failed, Period: billing.BillingPeriod(req.Options.AsOf), DryRun: settings.DryRun}
	for _, c := range req.Customers {
		if c.SyncEnabled {
			res.Customers++
		}
	}
	res.Summary = summarize(lines, len(failed))
	if n, reason := res.notAttempted(); n > 0 {
		r.say(fmt.Sprintf("%d customers %s", n, reason))
	}
	r.say(res.SummaryLine())
	return res, nil
}

func (r *runner) say(line string) {
	if r.settings.Progress != nil {
		r.settings.Progress(line)
	}
}

// customerLine is the one progress line for a customer with changes: old -> new per SKU,
// and the agreement's billing period when it is not the run's calendar month.
func customerLine(lines []Outcome, idx []int, dryRun bool, err error, month billing.Period) string {
	first := lines[idx[0]]
	var b strings.Builder
	if dryRun {
		b.WriteString("[dry run] ")
	}
	fmt.Fprintf(&b, "%s", first.OrganizationID)
	if first.OrganizationName != "" {
		fmt.Fprintf(&b, " (%s)", first.OrganizationName)
	}
	fmt.Fprintf(&b, ", agreement %d", first.AgreementID)
	if p := first.Period; !p.Start.IsZero() && (!p.Start.Equal(month.Start) || !p.End().Equal(month.End())) {
		fmt.Fprintf(&b, " (billing period %s)", p)
	}
	b.WriteString(":")
	parts := make([]string, 0, len(idx))
	for _, i := range idx {
		parts = append(parts, fmt.Sprintf(" %s %s", lines[i].SKU, lines[i].Reason))
	}
	sort.Strings(parts)
	b.WriteString(strings.Join(parts, ";"))
	if err != nil {
		fmt.Fprintf(&b, " FAILED: %v", err)
	}
	return b.String()
}

func summarize(lines []Outcome, failedCustomers int) Summary {
	var s Summary
	for _, l := range lines {
		switch {
		case l.Err != nil && !l.Written:
		case l.Kind == billing.Create:
			s.Created++
		case l.Kind == billing.Update:
			s.Updated++
		case l.Kind == billing.None:
			s.Unchanged++
		case l.Kind == billing.Skip:
			s.Skipped++
		case l.Kind == billing.Conflict:
			s.Conflicts++
		}
	}
	s.Failed = failedCustomers
	for _, l := range lines {
		s.DuplicatesEnded += len(l.Ended)
	}
	return s
}

// SummaryLine is the closing line of a run.
func (r *Result) SummaryLine() string {
	verb, period := "sync", "incremental numbers for "
	if r.DryRun {
		verb = "dry run (nothing written)"
	}
	if r.Period.Final {
		period = "final numbers for "
	}
	s := r.Summary
	line := fmt.Sprintf("%s finished, %s%s: created %d, updated %d, unchanged %d, skipped %d, conflicts %d, failed customers %d",
		verb, period, r.Period, s.Created, s.Updated, s.Unchanged, s.Skipped, s.Conflicts, s.Failed)
	if s.DuplicatesEnded > 0 {
		line += fmt.Sprintf(", duplicates from a concurrent run ended %d", s.DuplicatesEnded)
	}
	if s.Failed > 0 {
		line += fmt.Sprintf(" (%s)", r.FailureSummary())
	}
	return line
}

func idList(ids []int) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	if len(parts) == 1 {
		return "addition " + parts[0]
	}
	return "additions " + strings.Join(parts, ", ")
}

// FailureSummary says how many customers failed and what became of the others, e.g.
// "1 of 4 customers failed; 1 other was synced, 2 skipped (see the warnings)". It claims
// customers were synced only when some were, and never in a dry run.
func (r *Result) FailureSummary() string {
	synced := map[string]bool{}
	for _, l := range r.Lines {
		if _, failed := r.Failed[l.OrganizationID]; !failed && l.Kind != billing.Skip {
			synced[l.OrganizationID] = true
		}
	}
	failed := len(r.Failed)
	total := max(r.Customers, failed+len(synced))
	out := fmt.Sprintf("%d of %d customers failed", failed, total)
	if n, _ := r.notAttempted(); n > 0 {
		out += fmt.Sprintf(" (%d of them not attempted: ConnectWise refused the credentials earlier in this run)", n)
	}
	if r.DryRun {
		return out + "; this was a dry run: nothing was written"
	}
	switch n := len(synced); n {
	case 0:
		out += "; no customer was synced"
	case 1:
		out += "; 1 other was synced"
	default:
		out += fmt.Sprintf("; %d others were synced", n)
	}
	if skipped := total - failed - len(synced); skipped > 0 {
		out += fmt.Sprintf(", %d skipped (see the warnings)", skipped)
	}
	return out
}

// notAttempted counts the customers the run did not try (NotAttemptedError) and gives
// their shared reason, e.g. "not attempted: the API keys ... run again".
func (r *Result) notAttempted() (int, string) {
	n, reason := 0, ""
	for _, err := range r.Failed {
		if IsNotAttempted(err) {
			n++
			reason = err.Error()
		}
	}
	return n, reason
}
