package simulator

import (
	"strings"
	"time"
	_ "time/tzdata" // the site time zones load on any machine, Windows included
)

// Date-only fields (an agreement's start, end, billing start and next invoice date; an
// addition's effective and cancelled date) are days, but the API carries them as
// timestamps. Whether ConnectWise sends a day as UTC midnight or as the site's local
// midnight converted to UTC is unconfirmed: variant date-fields. The store always holds
// the day as UTC midnight; under local-midnight the API answers each as the site's
// midnight (variant site-time-zone) in UTC, and a write of that form is read back to its
// day before the rules see it, so the billing rules compare days either way.

var dateOnlyFields = map[string][]string{
	"agreements": {"startDate", "endDate", "billStartDate", "nextInvoiceDate"},
	"additions":  {"effectiveDate", "cancelledDate"},
}

// windowsZoneNames are /system/info's serverTimeZone for the site time zones: ConnectWise
// runs on Windows, whose zone names these are.
var windowsZoneNames = map[string]string{
	"America/New_York": "Eastern Standard Time",
	"Australia/Sydney": "AUS Eastern Standard Time",
	"Pacific/Auckland": "New Zealand Standard Time",
	"Pacific/Honolulu": "Hawaiian Standard Time",
}

// siteZone is the site's time zone (variant site-time-zone).
func (v Variants) siteZone() *time.Location {
	loc, err := time.LoadLocation(v.Get(VariantSiteTimeZone))
	if err != nil {
		panic("simulator: site time zone: " + err.Error()) // the values are fixed and embedded
	}
	return loc
}

// wire is a record as the API answers it: presented, its days in the variant's form. The
// rules see present's form, with days at UTC midnight.
func (s *Simulator) wire(kind string, obj map[string]any) map[string]any {
	obj = s.present(kind, obj)
	s.Variants().presentDates(kind, obj)
	return obj
}

func (v Variants) localMidnight() bool { return v.Get(VariantDateFields) == "local-midnight" }

// presentDates rewrites obj's date-only fields into the wire form the variant says.
func (v Variants) presentDates(kind string, obj map[string]any) {
	v.rewriteDates(kind, obj, func(t time.Time, zone *time.Location) (time.Time, bool) {
		if !t.Equal(dayOf(t)) {
			return t, false // not a day the site stored: left as it is
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, zone), true
	})
}

// storedDates turns the date-only fields of a write back into days at UTC midnight: a
// client that echoes what it read sends the site's local midnight.
func (v Variants) storedDates(kind string, obj map[string]any) {
	v.rewriteDates(kind, obj, func(t time.Time, zone *time.Location) (time.Time, bool) {
		l := t.In(zone)
		if l.Hour() != 0 || l.Minute() != 0 || l.Second() != 0 || l.Nanosecond() != 0 {
			return t, false
		}
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC), true
	})
}

// rewriteDates replaces each date-only field of obj that to maps, under the local-midnight
// variant only.
func (v Variants) rewriteDates(kind string, obj map[string]any, to func(t time.Time, zone *time.Location) (time.Time, bool)) {
	if !v.localMidnight() {
		return
	}
	zone := v.siteZone()
	for _, f := range dateOnlyFields[kind] {
		s, ok := obj[f].(string)
		if !ok {
			continue
		}
		if t, ok := wireTime(s); ok {
			if out, ok := to(t, zone); ok {
				obj[f] = out.UTC().Format(timeLayout)
			}
		}
	}
}

func wireTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	return t, err == nil
}
