package billing

import "time"

// Standing is where an addition stands relative to a billing period.
type Standing string

// The standings of an addition. An addition bills the days [effectiveDate, cancelledDate],
// both included; a null effectiveDate means from the beginning, a null cancelledDate means
// open-ended.
const (
	// Ended: cancelled before the period starts, cancelled on or before its own effective
	// date (never billed; this is how the sync ends a duplicate it created), or not Active
	// with no cancelled date. It is not this period's addition.
	Ended Standing = "ended"
	// Live: bills the whole rest of the period (no cancelled date, or one after the
	// period's last day). The one live addition is the one the sync updates.
	Live Standing = "live"
	// CancelledIn: cancelled on a day inside the period. It bills part of the period, so
	// nothing may be created over those days: a person resolves it (it is gone next month).
	CancelledIn Standing = "cancelled in the period"
	// Later: effective after the period. It is not this period's addition (never updated),
	// and an open-ended create for this period would overlap it.
	Later Standing = "starts after the period"
)

// Standing classifies an addition against the period by its dates. The status decides only
// when the addition has no cancelled date: a status other than Active (or empty) is Ended.
func (p Period) Standing(a Addition) Standing {
	end, start := a.CancelledDate, a.EffectiveDate
	switch {
	case end == nil && a.AgreementStatus != "Active" && a.AgreementStatus != "":
		return Ended
	case end != nil && start != nil && !end.After(*start):
		return Ended // never billed a day
	case end != nil && end.Before(p.Start):
		return Ended
	case start != nil && !start.Before(p.End()):
		return Later
	case end != nil && end.Before(p.End()):
		return CancelledIn
	}
	return Live
}

// day formats a date as ConnectWise shows it in the UI: 2026-11-15.
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }
