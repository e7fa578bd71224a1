package connectwise

import (
	"encoding/json"
	"strings"
	"time"
)

// Date-only fields (an agreement's startDate, endDate, billStartDate and nextInvoiceDate;
// an addition's effectiveDate and cancelledDate) are days that travel as timestamps.
// Whether ConnectWise sends a day as UTC midnight (2026-11-01T00:00:00Z) or as the site's
// local midnight in UTC (2026-11-01T04:00:00Z in New York in summer time,
// 2026-10-31T13:00:00Z in Sydney) is unconfirmed. Read naively, the second form moves a
// day across midnight for every site east of UTC, and by a few hours for one west of it,
// which is enough to move an effective date out of its billing period.
//
// The rule, the one place it is applied: a date-only value is the calendar day that
// starts at or after it within 13 hours; put otherwise, the UTC date of the value plus
// 13 hours. UTC midnight is its own day, and so is the local midnight of every zone from
// UTC-10:59 (Hawaii is UTC-10) to UTC+13 (New Zealand in summer, Tonga), whatever the
// daylight saving time. Limits: a site in UTC-11 or UTC-12 (American Samoa, Niue) or
// beyond UTC+13 (Chatham Islands in summer, Kiribati's Line Islands) would be read one
// day off; a date-only value that carries a time of day (none is expected) counts from
// 11:00 UTC on as the next day. The site's serverTimeZone would settle both, but its
// spelling is unconfirmed too, so it is not relied on.
//
// Agreements and additions are decoded with the rule applied: their date-only fields
// hold the day as UTC midnight (yyyy-MM-ddT00:00:00Z) whichever form the site sent, so
// every reader (the sync, the data sources, the plan warnings) sees the same day.

// dayShift is how far after a date-only value its day may start.
const dayShift = 13 * time.Hour

// ParseDay reads a date-only field (RFC 3339, with or without a zone, or a bare date) as
// the day it means, at UTC midnight; false when s is empty or not a date.
func ParseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		t = t.UTC().Add(dayShift)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// dayField rewrites a date-only field to its day at UTC midnight; a value that is not a
// date is left as the site sent it.
func dayField(s *string) {
	if d, ok := ParseDay(*s); ok {
		*s = FormatDate(d)
	}
}

// UnmarshalJSON decodes an agreement with its date-only fields read as days.
func (a *Agreement) UnmarshalJSON(b []byte) error {
	type plain Agreement // without this method
	if err := json.Unmarshal(b, (*plain)(a)); err != nil {
		return err
	}
	for _, f := range []*string{&a.StartDate, &a.EndDate, &a.BillStartDate, &a.NextInvoiceDate} {
		dayField(f)
	}
	return nil
}

// UnmarshalJSON decodes an addition with its date-only fields read as days.
func (a *Addition) UnmarshalJSON(b []byte) error {
	type plain Addition
	if err := json.Unmarshal(b, (*plain)(a)); err != nil {
		return err
	}
	dayField(&a.EffectiveDate)
	dayField(&a.CancelledDate)
	return nil
}
