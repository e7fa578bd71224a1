package simulator

import (
	"fmt"
	"strings"
	"time"
)

// This file turns an agreement's billing fields into days and periods. The rules are
// spelt out on InvoicePreview; everything here works in whole UTC days because
// ConnectWise bills by day and shows dates without a time.

const dayLayout = "2006-01-02"

// parseDay reads a date field as a UTC day. nextInvoiceDate is a plain string in the
// schema, so besides the wire form (RFC 3339) people and integrations write it
// date-only; a value a person stored by hand that is neither counts as absent.
func parseDay(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, dayLayout} {
		if t, err := time.Parse(layout, s); err == nil {
			return dayOf(t), true
		}
	}
	return time.Time{}, false
}

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func dayString(t time.Time) string { return t.UTC().Format(dayLayout) }

func daysBetween(from, to time.Time) int { return int(to.Sub(from).Hours() / 24) }

// cycleMonths is the length of an agreement's billing cycle in months, or 0 and the
// reason it has no recurring period. Names are matched loosely because the cycle list
// is site setup (Table Setup) and sites spell "Semi-Annual" in several ways; the
// Weekly and custom cycles are not modelled rather than guessed.
func cycleMonths(ag map[string]any) (int, string) {
	id, _ := intValue(ag["id"])
	if ag["oneTimeFlag"] == true {
		return 0, fmt.Sprintf("agreement %d is a one-time agreement (oneTimeFlag): it has no billing period", id)
	}
	name := ""
	if bc, ok := ag["billingCycle"].(map[string]any); ok {
		name, _ = bc["name"].(string)
	}
	switch strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(name)) {
	case "", "monthly":
		return 1, "" // no cycle at all is ConnectWise's default, Monthly
	case "bimonthly":
		return 2, ""
	case "quarterly":
		return 3, ""
	case "semiannual", "semiannually":
		return 6, ""
	case "yearly", "annual", "annually":
		return 12, ""
	}
	return 0, fmt.Sprintf("agreement %d bills on cycle %q, which has no period the simulator models (Monthly, Bi-Monthly, Quarterly, Semi-Annual, Yearly)", id, name)
}

// cycleGrid is the sequence of period starts of an agreement: every `months` months
// from anchor, keeping anchor's day of month (clamped to short months, so a contract
// anchored on the 31st bills from Feb 28 and then Mar 31 again, without drifting).
type cycleGrid struct {
	months int
	anchor time.Time
}

// calendarAnchor makes calendar-aligned periods a grid like any other: month boundaries
// whose (month-1) is a multiple of the cycle, so quarters start in Jan/Apr/Jul/Oct.
var calendarAnchor = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// gridOf is an agreement's grid: anchored on billStartDate (else startDate) for a
// ContractYear agreement, calendar aligned otherwise, including a ContractYear
// agreement with neither date (it has nothing else to count from).
func gridOf(ag map[string]any, months int) cycleGrid {
	g := cycleGrid{months: months, anchor: calendarAnchor}
	if ag["invoicingCycle"] == "ContractYear" {
		for _, field := range []string{"billStartDate", "startDate"} {
			if t, ok := parseDay(ag[field]); ok {
				g.anchor = t
				break
			}
		}
	}
	return g
}

// clampedDate is y-m-d with d cut to the month's last day; m may run past December.
func clampedDate(y int, m time.Month, d int) time.Time {
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > last {
		d = last
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// boundary is the k-th period start after the anchor (k < 0: before it).
func (g cycleGrid) boundary(k int) time.Time {
	return clampedDate(g.anchor.Year(), g.anchor.Month()+time.Month(k*g.months), g.anchor.Day())
}

// containing is the period [start, end) that holds day t.
func (g cycleGrid) containing(t time.Time) (time.Time, time.Time) {
	t = dayOf(t)
	months := (t.Year()-g.anchor.Year())*12 + int(t.Month()) - int(g.anchor.Month())
	k := months / g.months
	if months < 0 && months%g.months != 0 {
		k-- // floor, not truncation, before the anchor
	}
	for g.boundary(k).After(t) {
		k--
	}
	for !g.boundary(k + 1).After(t) {
		k++
	}
	return g.boundary(k), g.boundary(k + 1)
}

// startingAt is the period that starts on day p, which is how an invoice is addressed
// (by the agreement's nextInvoiceDate). A p on the grid ends at the next boundary; a p
// off the grid (a date a person typed) ends one cycle later, keeping p's day.
func (g cycleGrid) startingAt(p time.Time) (time.Time, time.Time) {
	p = dayOf(p)
	if start, end := g.containing(p); start.Equal(p) {
		return start, end
	}
	return p, clampedDate(p.Year(), p.Month()+time.Month(g.months), p.Day())
}
