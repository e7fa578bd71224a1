package billing

import "time"

// Period is the billing month a run pushes numbers for.
type Period struct {
	Start time.Time // first day of the month, 00:00:00 UTC
	Final bool      // the final numbers of that month (a run on the 1st of the next month)
}

// BillingPeriod returns the period of a run at asOf, taken in UTC. On the 1st of a month the
// run carries the final numbers of the previous month; on any other day it carries the
// current counts of the current month.
func BillingPeriod(asOf time.Time) Period {
	t := asOf.UTC()
	start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	if t.Day() == 1 {
		return Period{Start: start.AddDate(0, -1, 0), Final: true}
	}
	return Period{Start: start}
}
