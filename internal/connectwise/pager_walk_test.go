package connectwise

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

// idSite serves total companies (ids 1..total) by id the way a site may: honouring
// forward-only paging or not, with or without Link headers, refusing the header or not.
type idSite struct {
	t                     *testing.T
	total                 int
	honour, links, refuse bool
	h                     hits
	reqs                  []*http.Request
}

var afterID = regexp.MustCompile(`(?:^| and )id > (\d+)$`)

func (s *idSite) serve(w http.ResponseWriter, r *http.Request) {
	s.h.add(r)
	s.reqs = append(s.reqs, r)
	q := r.URL.Query()
	fo := r.Header.Get("pagination-type") == "forward-only"
	if fo && s.refuse {
		writeEnvelope(w, 400, "InvalidRequest", "pagination-type is not supported.")
		return
	}
	size, _ := strconv.Atoi(q.Get("pageSize"))
	from := 0 // records with id > from
	page := 1
	if m := afterID.FindStringSubmatch(q.Get("conditions")); m != nil {
		from, _ = strconv.Atoi(m[1])
	}
	if fo && s.honour {
		if q.Has("orderBy") || q.Has("page") {
			s.t.Errorf("forward-only request with orderBy or page: %s", r.URL.RawQuery)
		}
		if v := q.Get("pageId"); v != "" {
			from, _ = strconv.Atoi(v)
		}
	} else if v := q.Get("page"); v != "" {
		page, _ = strconv.Atoi(v)
	}
	var items []map[string]any
	for id := from + (page-1)*size + 1; id <= s.total && len(items) < size; id++ {
		items = append(items, map[string]any{"id": id, "name": fmt.Sprintf("C%d", id)})
	}
	more := len(items) == size && from+(page-1)*size+size < s.total
	if s.links && more {
		next := "page=" + strconv.Itoa(page+1)
		if fo && s.honour {
			next = "pageId=" + strconv.Itoa(from+size)
		}
		w.Header().Set("Link", fmt.Sprintf(`<https://example.com%s?%s&pageSize=%d>; rel="next"`, r.URL.Path, next, size))
	} else if s.links {
		w.Header().Set("Link", `<https://example.com/first?page=1>; rel="first"`)
	}
	writeJSON(w, 200, items)
}

func (s *idSite) list(t *testing.T, c *Client) []int {
	t.Helper()
	all, err := c.Companies.All(context.Background(), &ListOptions{Conditions: Field("deletedFlag").Eq(Bool(false)), Fields: []string{"name"}, OrderBy: "id asc"})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int, len(all))
	for i, co := range all {
		ids[i] = co.ID
		if i > 0 && ids[i] != ids[i-1]+1 || i == 0 && ids[0] != 1 {
			t.Fatalf("record %d has id %d after %v", i, ids[i], ids[max(0, i-1)])
		}
	}
	if len(ids) != s.total {
		t.Fatalf("%d records, want %d", len(ids), s.total)
	}
	return ids
}

// TestListWalksByID checks the wire of an id-ordered list under each answer a site may
// give to forward-only paging: every record once, in order, and the requests the client sent.
func TestListWalksByID(t *testing.T) {
	cases := []struct {
		name                  string
		honour, links, refuse bool
		wantReqs              int // for the first list; the second costs 3 on every site
		check                 func(t *testing.T, reqs []*http.Request)
	}{
		{"honoured", true, true, false, 3, func(t *testing.T, reqs []*http.Request) {
			for i, r := range reqs {
				q := r.URL.Query()
				want := map[int]string{0: "", 1: "1000", 2: "2000"}[i]
				if r.Header.Get("pagination-type") != "forward-only" || q.Get("pageId") != want ||
					q.Get("fields") != "id,name" || q.Get("conditions") != "deletedFlag = False" {
					t.Errorf("request %d: %s %v", i, r.URL.RawQuery, r.Header)
				}
			}
		}},
		{"honoured, no Link header", true, false, false, 3, nil},
		{"ignored: page-number links", false, true, false, 3, func(t *testing.T, reqs []*http.Request) {
			q := reqs[1].URL.Query()
			if q.Get("conditions") != "deletedFlag = False and id > 1000" || q.Get("orderBy") != "id asc" || q.Get("page") != "1" {
				t.Errorf("second request: %s", reqs[1].URL.RawQuery)
			}
		}},
		// The pageId request repeats page 1; it is discarded, never yielded.
		{"ignored, no Link header", false, false, false, 4, nil},
		{"refused with 400", true, true, true, 4, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mux, _ := setup(t)
			s := &idSite{t: t, total: 2500, honour: tc.honour, links: tc.links, refuse: tc.refuse}
			mux.HandleFunc("GET "+apiPrefix+"/company/companies", s.serve)
			s.list(t, c)
			if got := len(s.reqs); got != tc.wantReqs {
				t.Errorf("%d requests, want %d", got, tc.wantReqs)
			}
			if tc.check != nil {
				tc.check(t, s.reqs)
			}
			// A site seen not to honour forward-only is walked by id from the start.
			s.reqs = nil
			s.list(t, c)
			if len(s.reqs) != 3 {
				t.Errorf("second list: %d requests, want 3", len(s.reqs))
			}
			if !tc.honour || tc.refuse {
				if r := s.reqs[0]; r.Header.Get("pagination-type") != "" || r.URL.Query().Get("orderBy") != "id asc" {
					t.Errorf("second list began with %s %v", r.URL.RawQuery, r.Header)
				}
			}
		})
	}
}

func TestOrderedByID(t *testing.T) {
	for order, want := range map[string]bool{"": true, "id": true, " ID  Asc ": true, "id desc": false, "name asc": false, "id asc, name": false} {
		if got := orderedByID(&ListOptions{OrderBy: order}); got != want {
			t.Errorf("%q: %v", order, got)
		}
	}
}
