package connectwise

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// MaxPageSize is the largest page ConnectWise serves; lists use it so the
// cost grows with the data, not with round trips.
const MaxPageSize = 1000

// ListOptions narrow and shape a list.
type ListOptions struct {
	// Conditions filter on the record's own and referenced fields
	// ("name", "status/id"). ConnectWise refuses array properties here.
	Conditions Condition
	// ChildConditions filter on array properties, e.g. a company's types
	// (Field("types/id").In(...)); a record matches when one element does.
	// Sent as childConditions; the server ANDs it with Conditions.
	ChildConditions Condition
	OrderBy         string   // e.g. "name asc"; a code constant, never user input
	Fields          []string // e.g. {"id", "name", "status/id"}
	PageSize        int      // default and maximum MaxPageSize
}

// filterQuery sets the conditions and childConditions parameters of o (nil
// is no filter), or returns the error an invalid value left in either.
func (o *ListOptions) filterQuery(q url.Values) error {
	if o == nil {
		return nil
	}
	for _, p := range []struct {
		name string
		cond Condition
	}{{"conditions", o.Conditions}, {"childConditions", o.ChildConditions}} {
		if err := p.cond.Err(); err != nil {
			return err
		}
		if s := p.cond.String(); s != "" {
			q.Set(p.name, s)
		}
	}
	return nil
}

func (o *ListOptions) query() (url.Values, int, error) {
	q := url.Values{}
	size := MaxPageSize
	if err := o.filterQuery(q); err != nil {
		return nil, 0, err
	}
	if o != nil {
		if o.OrderBy != "" {
			q.Set("orderBy", o.OrderBy)
		}
		if len(o.Fields) > 0 {
			q.Set("fields", strings.Join(o.Fields, ","))
		}
		if o.PageSize > 0 && o.PageSize < MaxPageSize {
			size = o.PageSize
		}
	}
	q.Set("page", "1")
	q.Set("pageSize", strconv.Itoa(size))
	return q, size, nil
}

// list walks every page of a collection, following the Link rel="next"
// header. It stops at the first error (yielded once) or when the consumer
// stops. The filters go out in the site's phrasing (phrasing.go).
func list[T any](ctx context.Context, c *Client, path string, opts *ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		err := c.withPhrasing(opts, func(sent *ListOptions, keep func(any) bool) (bool, error) {
			return pages(ctx, c, path, sent, keep, yield)
		})
		if err != nil && !errors.Is(err, errConsumerStopped) {
			var zero T
			yield(zero, err)
		}
	}
}

// errConsumerStopped ends pages when the consumer stops early.
var errConsumerStopped = errors.New("connectwise: the consumer stopped")

// pages yields the records of every page of one phrasing of a list that pass keep
// (nil keeps all); progressed says whether any was yielded. How the pages are asked
// for is pager_walk.go's.
func pages[T any](ctx context.Context, c *Client, path string, sent *ListOptions, keep func(any) bool, yield func(T, error) bool) (progressed bool, err error) {
	if _, ok := any(*new(T)).(statusHolder); keep != nil && !ok {
		return false, fmt.Errorf("listing %s: the site refuses %s in conditions and these records cannot be filtered by the client", path, statusField)
	}
	_, hasIDs := any(*new(T)).(identified)
	w, err := newWalk(c, path, sent, hasIDs)
	if err != nil {
		return false, fmt.Errorf("listing %s: %w", path, err)
	}
	for {
		r, err := w.request()
		if err != nil {
			return progressed, fmt.Errorf("listing %s: %w", path, err)
		}
		var items []T
		ans, err := c.do(ctx, r, &items)
		if err != nil && w.refused(ctx, err) {
			continue
		}
		if err != nil {
			return progressed, err
		}
		accepted, err := w.accept(ctx, idsOf(items))
		if err != nil {
			return progressed, err
		}
		for _, it := range items {
			if !accepted {
				break
			}
			if keep != nil && !keep(it) {
				continue
			}
			progressed = true
			if !yield(it, nil) {
				return true, errConsumerStopped
			}
		}
		more, err := w.advance(ctx, ans, len(items), accepted)
		if err != nil || !more {
			return progressed, err
		}
	}
}

// nextPage returns the rel="next" target. Only its path and query are
// used, on our own site: credentials never follow a link to another host.
func (c *Client) nextPage(ans *answer, n int) (string, bool) {
	href, ok := parseLinkHeader(ans.header.Values("Link"))["next"]
	if !ok || n == 0 {
		return "", false
	}
	u, err := ans.url.Parse(href)
	if err != nil {
		return "", false
	}
	site := *c.cfg.site.url
	site.Path, site.RawPath, site.RawQuery = u.Path, u.RawPath, u.RawQuery
	return site.String(), true
}

// collect drains an iterator into a slice.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// count asks {collection}/count, which honours conditions and
// childConditions; the other list options do not apply. When the client must
// filter agreementStatus itself, it counts by listing ids and statuses.
func count(ctx context.Context, c *Client, path string, opts *ListOptions) (int, error) {
	var n int
	err := c.withPhrasing(opts, func(sent *ListOptions, keep func(any) bool) (bool, error) {
		n = 0
		if keep != nil {
			byList := &ListOptions{Conditions: sent.Conditions, ChildConditions: sent.ChildConditions, Fields: []string{"id", statusField}}
			_, err := pages(ctx, c, path, byList, keep, func(statusRow, error) bool { n++; return true })
			return false, err
		}
		q := url.Values{}
		if err := sent.filterQuery(q); err != nil {
			return false, fmt.Errorf("counting %s: %w", path, err)
		}
		var out struct {
			Count int `json:"count"`
		}
		if _, err := c.do(ctx, apiRequest{method: http.MethodGet, path: path + "/count", query: q}, &out); err != nil {
			return false, err
		}
		n = out.Count
		return false, nil
	})
	return n, err
}

// parseLinkHeader parses RFC 8288 (formerly 5988) Link header values into
// rel → target. A rel attribute may name several relations.
func parseLinkHeader(values []string) map[string]string {
	out := map[string]string{}
	for _, v := range values {
		for len(v) > 0 {
			v = strings.TrimLeft(v, " \t,")
			if !strings.HasPrefix(v, "<") {
				break
			}
			end := strings.IndexByte(v, '>')
			if end < 0 {
				break
			}
			target := v[1:end]
			v = v[end+1:]
			var rels []string
			// Parameters: ; name = token | quoted-string
			for {
				v = strings.TrimLeft(v, " \t")
				if !strings.HasPrefix(v, ";") {
					break
				}
				v = strings.TrimLeft(v[1:], " \t")
				i := strings.IndexAny(v, "=;,")
				if i < 0 {
					v = ""
					break
				}
				name := strings.ToLower(strings.TrimSpace(v[:i]))
				if v[i] != '=' { // a parameter without value
					v = v[i:]
					continue
				}
				v = strings.TrimLeft(v[i+1:], " \t")
				var val string
				val, v = readParamValue(v)
				if name == "rel" {
					rels = append(rels, strings.Fields(strings.ToLower(val))...)
				}
			}
			for _, rel := range rels {
				if _, dup := out[rel]; !dup {
					out[rel] = target
				}
			}
		}
	}
	return out
}

// readParamValue reads a token or a quoted-string (with \-escapes) and
// returns it with the rest of the input.
func readParamValue(v string) (string, string) {
	if strings.HasPrefix(v, `"`) {
		var b strings.Builder
		for i := 1; i < len(v); i++ {
			switch v[i] {
			case '\\':
				if i+1 < len(v) {
					i++
					b.WriteByte(v[i])
				}
			case '"':
				return b.String(), v[i+1:]
			default:
				b.WriteByte(v[i])
			}
		}
		return b.String(), ""
	}
	i := strings.IndexAny(v, ";,")
	if i < 0 {
		return strings.TrimSpace(v), ""
	}
	return strings.TrimSpace(v[:i]), v[i:]
}
