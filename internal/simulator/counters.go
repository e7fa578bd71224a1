package simulator

import "sync"

// Counters is a snapshot of what the API served. Routes are keyed by method and route
// template ("GET /finance/agreements/{parentId}/additions"), unknown paths by
// "METHOD (unknown)". Status 0 is a connection reset by fault injection; 499 a request
// whose client went away before the answer.
type Counters struct {
	Total         int                    `json:"total"`
	ByRoute       map[string]int         `json:"byRoute"`
	ByStatus      map[int]int            `json:"byStatus"`
	ByRouteStatus map[string]map[int]int `json:"byRouteStatus"`
	Writes        int                    `json:"writes"` // POST/PUT/PATCH/DELETE that were applied
	Resets        int                    `json:"resets"` // connections reset by fault injection
	// InsideRetryAfter counts API requests that arrived while a Retry-After announced by
	// an earlier 429 was still running (requests already in flight when the 429 was
	// answered excepted): a real site counts them against the API member.
	InsideRetryAfter int `json:"insideRetryAfter"`
}

// statusClientGone is recorded for requests abandoned by the client (nginx's convention).
const statusClientGone = 499

type counterSet struct {
	mu sync.Mutex
	c  Counters
}

func newCounterSet() *counterSet {
	cs := &counterSet{}
	cs.reset()
	return cs
}

func (cs *counterSet) reset() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.c = Counters{ByRoute: map[string]int{}, ByStatus: map[int]int{}, ByRouteStatus: map[string]map[int]int{}}
}

func (cs *counterSet) record(route string, status int, applied bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.c.Total++
	cs.c.ByRoute[route]++
	cs.c.ByStatus[status]++
	if cs.c.ByRouteStatus[route] == nil {
		cs.c.ByRouteStatus[route] = map[int]int{}
	}
	cs.c.ByRouteStatus[route][status]++
	if applied {
		cs.c.Writes++
	}
	if status == 0 {
		cs.c.Resets++
	}
}

func (cs *counterSet) insideRetryAfter() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.c.InsideRetryAfter++
}

func (cs *counterSet) snapshot() Counters {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	out := Counters{
		Total: cs.c.Total, Writes: cs.c.Writes, Resets: cs.c.Resets, InsideRetryAfter: cs.c.InsideRetryAfter,
		ByRoute: map[string]int{}, ByStatus: map[int]int{}, ByRouteStatus: map[string]map[int]int{},
	}
	for k, v := range cs.c.ByRoute {
		out.ByRoute[k] = v
	}
	for k, v := range cs.c.ByStatus {
		out.ByStatus[k] = v
	}
	for k, m := range cs.c.ByRouteStatus {
		out.ByRouteStatus[k] = map[int]int{}
		for s, v := range m {
			out.ByRouteStatus[k][s] = v
		}
	}
	return out
}
