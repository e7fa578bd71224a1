package connectwise

import (
	"testing"
	"time"
)

// Four processes that each take a quarter of a site's budget must stay within it in
// every minute the site counts, however their minutes are aligned: the burst may not
// come on top of the rate.
func TestLimiterStaysWithinItsMinute(t *testing.T) {
	for _, perMinute := range []int{1, 2, 7, 59, 60, 61, 150, 250, 600, 1000, 1500, 6000} {
		l := newLimiter(perMinute)
		start := time.Unix(0, 0)
		// A process that always has a request waiting: sends whenever the limiter allows.
		var sent []time.Time
		step := 5 * time.Millisecond
		for now := start; now.Before(start.Add(5 * time.Minute)); now = now.Add(step) {
			for l.AllowN(now, 1) {
				sent = append(sent, now)
			}
		}
		// The most requests in any window [t, t+60s) that starts at a send.
		most, j := 0, 0
		for i := range sent {
			for j < len(sent) && sent[j].Before(sent[i].Add(time.Minute)) {
				j++
			}
			most = max(most, j-i)
		}
		if most > perMinute {
			t.Errorf("requests_per_minute %d: %d requests in one minute", perMinute, most)
		}
		// The pace is still the setting's: over 5 minutes, at least 98% of 5 x perMinute
		// (the first minute's burst aside).
		if want := perMinute * 5 * 98 / 100; len(sent) < want && perMinute >= 60 {
			t.Errorf("requests_per_minute %d: %d requests in 5 minutes, want at least %d", perMinute, len(sent), want)
		}
	}
}
