package connectwise

import (
	"encoding/json"
	"testing"
	"time"
	_ "time/tzdata" // the zones load on any machine
)

// TestParseDay: a day sent as UTC midnight or as any covered zone's local midnight, in
// summer or winter time, is that day; the documented limits are read one day off.
func TestParseDay(t *testing.T) {
	localMidnight := func(zone string, y int, m time.Month, d int) string {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		return time.Date(y, m, d, 0, 0, 0, 0, loc).UTC().Format(time.RFC3339)
	}
	cases := map[string]string{
		"2026-11-01T00:00:00Z":      "2026-11-01", // UTC midnight
		"2026-11-01":                "2026-11-01", // a bare date (nextInvoiceDate is a plain string)
		"2026-11-01T00:00:00":       "2026-11-01", // no zone: UTC
		"2026-11-01T04:00:00Z":      "2026-11-01", // New York, EDT: the change is at 2 am local
		"2026-11-02T05:00:00Z":      "2026-11-02", // New York, EST from then on
		"2026-10-31T04:00:00Z":      "2026-10-31",
		"2026-10-31T13:00:00Z":      "2026-11-01", // Sydney, AEDT (UTC+11)
		"2026-06-30T14:00:00Z":      "2026-07-01", // Sydney, AEST (UTC+10)
		"2026-10-31T11:00:00Z":      "2026-11-01", // Auckland, NZDT (UTC+13)
		"2026-11-01T10:00:00Z":      "2026-11-01", // Honolulu (UTC-10)
		"2026-11-01T00:00:00+11:00": "2026-11-01",
		"not a date":                "",
		"":                          "",
	}
	for _, zone := range []string{"America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Asia/Kolkata",
		"Asia/Singapore", "Australia/Perth", "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu", "Pacific/Tongatapu"} {
		for _, d := range []time.Time{time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)} {
			cases[localMidnight(zone, d.Year(), d.Month(), d.Day())] = d.Format("2006-01-02")
		}
	}
	for in, want := range cases {
		d, ok := ParseDay(in)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
			if d.Hour() != 0 || d.Location() != time.UTC {
				t.Errorf("%q: %v is not UTC midnight", in, d)
			}
		}
		if got != want {
			t.Errorf("ParseDay(%q) = %q, want %q", in, got, want)
		}
	}
	// The limits the rule documents: UTC-11 and beyond UTC+13 are read a day off.
	for _, zone := range []string{"Pacific/Pago_Pago", "Pacific/Kiritimati"} {
		in := localMidnight(zone, 2026, 11, 1)
		if d, _ := ParseDay(in); d.Format("2006-01-02") == "2026-11-01" {
			t.Errorf("%s (%s) is read right: update the limits in dates.go", zone, in)
		}
	}
}

// Agreements and additions decode with their date-only fields as the day at UTC midnight;
// other fields and values that are not dates stay as sent.
func TestDecodeDateFields(t *testing.T) {
	var a Agreement
	if err := json.Unmarshal([]byte(`{"id":5,"name":"A","startDate":"2026-10-31T13:00:00Z","endDate":"2027-10-31T13:00:00Z",
		"billStartDate":"2026-11-01T04:00:00Z","nextInvoiceDate":"2026-12-01","_info":{"lastUpdated":"2026-10-31T13:00:00Z"}}`), &a); err != nil {
		t.Fatal(err)
	}
	if a.ID != 5 || a.Name != "A" || a.StartDate != "2026-11-01T00:00:00Z" || a.EndDate != "2027-11-01T00:00:00Z" ||
		a.BillStartDate != "2026-11-01T00:00:00Z" || a.NextInvoiceDate != "2026-12-01T00:00:00Z" || a.Info["lastUpdated"] != "2026-10-31T13:00:00Z" {
		t.Errorf("agreement %+v", a)
	}
	var adds []Addition
	if err := json.Unmarshal([]byte(`[{"id":1,"effectiveDate":"2026-10-31T13:00:00Z","cancelledDate":"soon"},{"id":2}]`), &adds); err != nil {
		t.Fatal(err)
	}
	if adds[0].EffectiveDate != "2026-11-01T00:00:00Z" || adds[0].CancelledDate != "soon" || adds[1].ID != 2 || adds[1].EffectiveDate != "" {
		t.Errorf("additions %+v", adds)
	}
}
