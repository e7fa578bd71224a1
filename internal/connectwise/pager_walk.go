package connectwise

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Paging that survives change. A list is not a snapshot: while its pages are walked a
// person may cancel an agreement, delete an addition or restore a company. With page
// numbers every later record then moves up or down, onto a page already read: a record
// is skipped (and the sync, not seeing an addition, creates a second one) or read twice.
//
// So a list in id order (every list of this client) is walked by id instead:
//
//   - forward-only paging, API-NOTES.md: header pagination-type: forward-only, pageId =
//     the last id read (the server answers id > pageId in id order; orderBy is not
//     allowed and is not sent, the order is the same);
//   - where a site does not honour it (unconfirmed: a Link next carrying a page number,
//     a page out of id order or repeating ids, a 400 to the header), the client keeps
//     walking by id itself: "id > last" ANDed into conditions, orderBy id asc, page 1.
//     The page that showed it is discarded before any record of it is yielded, and the
//     choice is remembered per client.
//
// Either way a record that stays in the filter is read exactly once. Records without an
// id (mySecurity rows) and lists in another order still walk page numbers; no list of
// this client is in another order.

// pageMode is how a walk asks for its next page.
type pageMode int

const (
	byPageNumber  pageMode = iota // page=N, following the Link rel="next"
	forwardOnly                   // pagination-type: forward-only, pageId = last
	byIDCondition                 // conditions AND id > last, orderBy id asc, page=1
)

// identified is a record the pager can walk by id.
type identified interface{ recordID() int }

func (c Company) recordID() int      { return c.ID }
func (a Agreement) recordID() int    { return a.ID }
func (a Addition) recordID() int     { return a.ID }
func (it CatalogItem) recordID() int { return it.ID }
func (l Lookup) recordID() int       { return l.ID }
func (r statusRow) recordID() int    { return r.ID }

// walk is one list's progress through its pages.
type walk struct {
	c     *Client
	path  string
	sent  *ListOptions
	mode  pageMode
	query url.Values // filters, fields, page size; the paging parameters are set per request
	size  int
	last  int             // id modes: the highest id read
	page  int             // byPageNumber: the page read last
	link  string          // byPageNumber: the Link next to follow ("" asks for page+1)
	seen  map[string]bool // byPageNumber: pages already read, to stop a Link loop
}

func newWalk(c *Client, path string, sent *ListOptions, hasIDs bool) (*walk, error) {
	q, size, err := sent.query()
	if err != nil {
		return nil, err
	}
	w := &walk{c: c, path: path, sent: sent, query: q, size: size, page: 1, seen: map[string]bool{}}
	if !hasIDs || !orderedByID(sent) {
		return w, nil
	}
	w.mode = forwardOnly
	if c.dialect.noForwardOnly.Load() {
		w.mode = byIDCondition
	}
	q.Del("orderBy")
	q.Del("page")
	if sent != nil && len(sent.Fields) > 0 && !containsFold(sent.Fields, "id") {
		q.Set("fields", strings.Join(append([]string{"id"}, sent.Fields...), ","))
	}
	return w, nil
}

// orderedByID says whether the list is in id order, or in an order nobody asked for.
func orderedByID(o *ListOptions) bool {
	if o == nil || strings.TrimSpace(o.OrderBy) == "" {
		return true
	}
	f := strings.Fields(strings.ToLower(o.OrderBy))
	return f[0] == "id" && (len(f) == 1 || len(f) == 2 && f[1] == "asc")
}

// request is the next page's request.
func (w *walk) request() (apiRequest, error) {
	r := apiRequest{method: http.MethodGet, path: w.path}
	switch w.mode {
	case byPageNumber:
		if w.link != "" {
			r.url = w.link
			return r, nil
		}
		r.query = cloneValues(w.query)
		r.query.Set("page", strconv.Itoa(w.page))
	case forwardOnly:
		r.query, r.forwardOnly = cloneValues(w.query), true
		if w.last > 0 {
			r.query.Set("pageId", strconv.Itoa(w.last))
		}
	case byIDCondition:
		r.query = cloneValues(w.query)
		cond := w.sent.conditions()
		if w.last > 0 {
			cond = And(cond, Field("id").Gt(Int(w.last)))
		}
		if err := cond.Err(); err != nil {
			return r, err
		}
		if s := cond.String(); s != "" {
			r.query.Set("conditions", s)
		}
		r.query.Set("orderBy", "id asc")
		r.query.Set("page", "1")
	}
	return r, nil
}

func (o *ListOptions) conditions() Condition {
	if o == nil {
		return Condition{}
	}
	return o.Conditions
}

// refused says whether err is a site refusing forward-only paging itself (a 400 that is
// not about the filter), after which the same page is asked for by id.
func (w *walk) refused(ctx context.Context, err error) bool {
	var ae *APIError
	if w.mode != forwardOnly || !errors.As(err, &ae) || ae.StatusCode != http.StatusBadRequest || isConditionRefusal(err) {
		return false
	}
	w.fallBack(ctx, "the site refused forward-only paging: "+ae.Message)
	return true
}

func (w *walk) fallBack(ctx context.Context, why string) {
	w.mode = byIDCondition
	w.c.dialect.noForwardOnly.Store(true)
	w.c.logDebug(ctx, "connectwise: paging by id condition", map[string]any{"path": w.path, "reason": why, "after_id": w.last})
}

// accept checks a page of an id walk before any of it is yielded: ids ascending, each
// after the last one read. false: discard the page (the walk now asks by id condition).
func (w *walk) accept(ctx context.Context, ids []int) (bool, error) {
	if w.mode == byPageNumber {
		return true, nil
	}
	prev := w.last
	for _, id := range ids {
		if id <= prev {
			if w.mode == byIDCondition {
				return false, fmt.Errorf("listing %s: the site answered id %d after id %d to a list asked in id order", w.path, id, prev)
			}
			w.fallBack(ctx, fmt.Sprintf("the site answered id %d after id %d (forward-only paging not honoured)", id, prev))
			return false, nil
		}
		prev = id
	}
	w.last = prev
	return true, nil
}

// advance decides whether there is a next page, from the answer to this one (n records,
// accepted or discarded).
func (w *walk) advance(ctx context.Context, ans *answer, n int, accepted bool) (bool, error) {
	if !accepted {
		return true, nil // the same place, asked for by id condition
	}
	links := ans.header.Values("Link")
	next, hasNext := parseLinkHeader(links)["next"]
	if w.mode == byPageNumber {
		return w.advancePage(ans, n)
	}
	switch {
	case n == 0:
		return false, nil
	case hasNext && w.mode == forwardOnly && !linkHasPageID(next):
		w.fallBack(ctx, "the next-page link carries a page number (forward-only paging not honoured)")
		return true, nil
	case hasNext:
		return true, nil
	}
	// No Link header at all (some proxies drop it) and a full page: there may be more.
	return len(links) == 0 && n == w.size, nil
}

func (w *walk) advancePage(ans *answer, n int) (bool, error) {
	w.seen[ans.url.String()] = true
	next, ok := w.c.nextPage(ans, n)
	switch {
	case ok && w.seen[next]:
		return false, fmt.Errorf("listing %s: the server's next-page link repeats page %d", w.path, w.page)
	case ok:
		w.link = next
	case ans.header.Get("Link") == "" && n == w.size:
		w.link = ""
	default:
		return false, nil
	}
	w.page++
	return true, nil
}

func linkHasPageID(href string) bool {
	u, err := url.Parse(href)
	if err != nil {
		return false
	}
	for k := range u.Query() {
		if strings.EqualFold(k, "pageId") {
			return true
		}
	}
	return false
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// idsOf are the ids of a page's records (nil when they have none).
func idsOf[T any](items []T) []int {
	var out []int
	for _, it := range items {
		if r, ok := any(it).(identified); ok {
			out = append(out, r.recordID())
		}
	}
	return out
}
