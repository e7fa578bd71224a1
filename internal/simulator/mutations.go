package simulator

import (
	"fmt"
	"net/http"
	"sync"
)

// A list walked page by page is not a snapshot: between two pages a person may cancel an
// agreement, move a company to the recycle bin or delete an addition, and with
// page-number paging every later record then moves one place up, onto a page already
// read. A page mutation makes that happen on cue, between two pages of one list.

// PageMutation changes records once, right after the simulator has answered the
// AfterPage-th list request of Route (counted from when the mutation was added; every
// list answer counts, whatever its paging). The answer that triggers it is computed
// before the change, so the client sees the change from its next request on.
type PageMutation struct {
	// Route is the list's route template as counters name it, without the method:
	// "/company/companies", "/finance/agreements/{parentId}/additions".
	Route     string `json:"route"`
	AfterPage int    `json:"afterPage"`
	// Kind and IDs name the records changed; Fields are merged into each as a person's
	// edit in the UI (Store.Update: a null removes a field), or Delete removes them.
	Kind   string         `json:"kind"`
	IDs    []int          `json:"ids"`
	Fields map[string]any `json:"fields,omitempty"`
	Delete bool           `json:"delete,omitempty"`
}

// pageHook is one pending mutation: fn runs after the n-th list answer of route.
type pageHook struct {
	route string
	n     int
	seen  int
	fn    func(*Store)
}

// pageHooks are the pending mutations; a hook is dropped once it has run.
type pageHooks struct {
	mu    sync.Mutex
	hooks []*pageHook
}

// AfterPage runs fn once, right after the n-th list answer of route (see PageMutation),
// in the request's goroutine and before the answer is written.
func (s *Simulator) AfterPage(route string, n int, fn func(*Store)) {
	s.pages.mu.Lock()
	defer s.pages.mu.Unlock()
	s.pages.hooks = append(s.pages.hooks, &pageHook{route: route, n: max(n, 1), fn: fn})
}

// AddPageMutation schedules m (the admin API's POST /mutations).
func (s *Simulator) AddPageMutation(m PageMutation) error {
	if !knownKind(m.Kind) {
		return fmt.Errorf("unknown kind %q", m.Kind)
	}
	if m.Route == "" || len(m.IDs) == 0 || (m.Delete == (len(m.Fields) > 0)) {
		return fmt.Errorf("a mutation needs route, ids, and either fields or delete: true")
	}
	s.AfterPage(m.Route, m.AfterPage, func(st *Store) {
		for _, id := range m.IDs {
			if m.Delete {
				st.Delete(m.Kind, id)
			} else {
				_ = st.Update(m.Kind, id, m.Fields) // a record already gone stays gone
			}
		}
	})
	return nil
}

// firePageHooks counts one list answer of route and runs the hooks it completes.
func (s *Simulator) firePageHooks(route string) {
	s.pages.mu.Lock()
	var due []*pageHook
	kept := s.pages.hooks[:0]
	for _, h := range s.pages.hooks {
		if h.route == route {
			h.seen++
			if h.seen >= h.n {
				due = append(due, h)
				continue
			}
		}
		kept = append(kept, h)
	}
	s.pages.hooks = kept
	s.pages.mu.Unlock()
	for _, h := range due {
		h.fn(s.store)
	}
}

// adminMutationRoutes serves POST /mutations (a PageMutation).
func (s *Simulator) adminMutationRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /mutations", adminSet(s.AddPageMutation))
}
