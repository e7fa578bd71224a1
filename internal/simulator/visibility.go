package simulator

import (
	"net/http"
	"sort"
)

// An API member sees only the companies its member record's Level and Location allow,
// whatever its security role says: the others are missing from lists and counts, and a
// by-ID read answers 404 NotFound as for a record that does not exist. Their agreements,
// and those agreements' additions, are hidden with them. A client cannot tell a hidden
// company from a deleted one; the recycle bin is not it (a company there is returned,
// with deletedFlag).

// SetHiddenCompanies hides these companies (and their agreements) from the API member,
// replacing any earlier set; none hides nothing.
func (s *Simulator) SetHiddenCompanies(ids ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hidden = map[int]bool{}
	for _, id := range ids {
		s.hidden[id] = true
	}
}

// HiddenCompanies are the companies hidden from the API member, in id order.
func (s *Simulator) HiddenCompanies() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]int, 0, len(s.hidden))
	for id := range s.hidden {
		out = append(out, id)
	}
	sort.Ints(out)
	return out
}

// visibleTo returns whether the API member sees a stored record of kind; additions are
// judged by their agreement, which every additions route reads first.
func (s *Simulator) visibleTo() func(kind string, o map[string]any) bool {
	s.mu.Lock()
	hidden := s.hidden
	s.mu.Unlock()
	return func(kind string, o map[string]any) bool {
		if len(hidden) == 0 {
			return true
		}
		switch kind {
		case "companies":
			id, _ := intValue(o["id"])
			return !hidden[id]
		case "agreements":
			id, _ := refID(o, "company")
			return !hidden[id]
		}
		return true
	}
}

// adminHiddenRoutes serves PUT /hidden-companies ({"ids": [..]}) and GET /hidden-companies.
func (s *Simulator) adminHiddenRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /hidden-companies", func(w http.ResponseWriter, r *http.Request) {
		adminJSON(w, http.StatusOK, map[string]any{"ids": s.HiddenCompanies()})
	})
	mux.HandleFunc("PUT /hidden-companies", adminSet(func(body struct {
		IDs []int `json:"ids"`
	}) error {
		s.SetHiddenCompanies(body.IDs...)
		return nil
	}))
}
