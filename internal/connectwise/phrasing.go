package connectwise

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
)

// Two filters have a form API-NOTES.md leaves unconfirmed, and this file is the one
// place that copes with both answers:
//
//   - Array paths (a company's types/id): DESIGN.md sends them as childConditions. A
//     site that refuses childConditions (400 InvalidCondition) gets them ANDed into
//     conditions instead; a site that refuses them in conditions gets childConditions.
//   - agreementStatus in conditions: a site that refuses it gets the rest of the
//     conditions, and the client keeps only the records whose status matches.
//
// A refusal is tried again once per other phrasing, before any record was returned;
// the phrasing that worked is remembered for the client's later calls. The filter is
// never dropped: a condition that no phrasing can express fails with the site's error.

// statusField is the field some sites may refuse in conditions.
const statusField = "agreementStatus"

// phrasing is one way to send a ListOptions' filters.
type phrasing struct {
	arraysInConditions bool // ChildConditions ANDed into conditions
	statusClientSide   bool // agreementStatus comparisons filtered here, not by the site
}

// filterDialect is what the client has learnt about the site's phrasing.
type filterDialect struct {
	arraysInConditions atomic.Bool
	statusClientSide   atomic.Bool
	noForwardOnly      atomic.Bool // the site does not honour forward-only paging (pager_walk.go)
}

func (d *filterDialect) current() phrasing {
	return phrasing{arraysInConditions: d.arraysInConditions.Load(), statusClientSide: d.statusClientSide.Load()}
}

// learn remembers the parts of p that opts made a difference to.
func (d *filterDialect) learn(opts *ListOptions, p phrasing) {
	if opts == nil {
		return
	}
	if !opts.ChildConditions.IsZero() {
		d.arraysInConditions.Store(p.arraysInConditions)
	}
	if p.statusClientSide && opts.Conditions.mentionsStatus() {
		d.statusClientSide.Store(true)
	}
}

// alternatives are the other phrasings worth trying for opts, in order.
func (p phrasing) alternatives(opts *ListOptions) []phrasing {
	if opts == nil {
		return nil
	}
	arrays, status := !opts.ChildConditions.IsZero(), opts.Conditions.mentionsStatus()
	var out []phrasing
	if arrays {
		out = append(out, phrasing{!p.arraysInConditions, p.statusClientSide})
	}
	if status && !p.statusClientSide {
		out = append(out, phrasing{p.arraysInConditions, true})
		if arrays {
			out = append(out, phrasing{!p.arraysInConditions, true})
		}
	}
	return out
}

// apply returns the options to send and, when the client must filter, the test a
// record must pass.
func (p phrasing) apply(opts *ListOptions) (*ListOptions, func(any) bool, error) {
	if opts == nil {
		return nil, nil, nil
	}
	sent := *opts
	if p.arraysInConditions && !opts.ChildConditions.IsZero() {
		sent.Conditions = And(opts.Conditions, opts.ChildConditions)
		sent.ChildConditions = Condition{}
	}
	if !p.statusClientSide || !sent.Conditions.mentionsStatus() {
		return &sent, nil, nil
	}
	rest, match, err := splitStatus(sent.Conditions)
	if err != nil {
		return nil, nil, err
	}
	sent.Conditions = rest
	if len(sent.Fields) > 0 && !containsFold(sent.Fields, statusField) {
		sent.Fields = append(append([]string(nil), sent.Fields...), statusField)
	}
	keep := func(record any) bool {
		h, ok := record.(statusHolder)
		return ok && match(h.agreementStatusValue())
	}
	return &sent, keep, nil
}

// statusHolder is a record the client can filter by agreementStatus.
type statusHolder interface{ agreementStatusValue() string }

func (a Agreement) agreementStatusValue() string { return a.AgreementStatus }
func (a Addition) agreementStatusValue() string  { return a.AgreementStatus }
func (r statusRow) agreementStatusValue() string { return r.AgreementStatus }

// statusRow is what a count by listing reads.
type statusRow struct {
	ID              int    `json:"id"`
	AgreementStatus string `json:"agreementStatus"`
}

// isConditionRefusal recognises a site refusing a filter's form.
func isConditionRefusal(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusBadRequest &&
		(strings.EqualFold(ae.Code, "InvalidCondition") || strings.Contains(strings.ToLower(ae.Message), "condition"))
}

// withPhrasing runs attempt with the client's phrasing and, after a refusal of the
// filter's form, with each alternative until one works. progressed (records already
// handed on) stops the retries: repeating would hand them on twice.
func (c *Client) withPhrasing(opts *ListOptions, attempt func(sent *ListOptions, keep func(any) bool) (progressed bool, err error)) error {
	p := c.dialect.current()
	candidates := append([]phrasing{p}, p.alternatives(opts)...)
	var first error
	for _, ph := range candidates {
		sent, keep, err := ph.apply(opts)
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		progressed, err := attempt(sent, keep)
		if err == nil {
			c.dialect.learn(opts, ph)
			return nil
		}
		if first == nil {
			first = err
		}
		if progressed || !isConditionRefusal(err) {
			return err
		}
	}
	return first
}

// mentionsStatus reports whether a comparison in c is on agreementStatus (in any case).
func (c Condition) mentionsStatus() bool {
	var walk func(n *condNode) bool
	walk = func(n *condNode) bool {
		if n == nil {
			return false
		}
		if n.join == "" {
			return strings.EqualFold(n.field, statusField)
		}
		for _, k := range n.kids {
			if walk(k) {
				return true
			}
		}
		return false
	}
	return c.err == nil && walk(c.n)
}

// splitStatus takes the agreementStatus comparisons out of the top-level "and" of c and
// returns the rest and a test of a status. Only =, !=, in and not in on quoted strings
// (or null) can be split; anything else, or a status comparison under "or", is an error.
func splitStatus(c Condition) (Condition, func(string) bool, error) {
	kids := []*condNode{c.n}
	if c.n.join == "and" {
		kids = c.n.kids
	}
	var rest []Condition
	var tests []func(string) bool
	for _, k := range kids {
		cond := Condition{n: k}
		if !cond.mentionsStatus() {
			rest = append(rest, cond)
			continue
		}
		test, err := statusTest(k)
		if err != nil {
			return Condition{}, nil, err
		}
		tests = append(tests, test)
	}
	match := func(status string) bool {
		for _, t := range tests {
			if !t(status) {
				return false
			}
		}
		return true
	}
	return And(rest...), match, nil
}

func statusTest(n *condNode) (func(string) bool, error) {
	cannot := fmt.Errorf("connectwise: the site refuses %s in conditions, and %q cannot be filtered by the client instead", statusField, Condition{n: n}.String())
	if n.join != "" {
		return nil, cannot
	}
	lits := n.value
	if n.op == "in" || n.op == "not in" {
		lits = strings.TrimSuffix(strings.TrimPrefix(lits, "("), ")")
	}
	values, ok := parseStringList(lits)
	if !ok {
		return nil, cannot
	}
	in := func(s string) bool {
		for _, v := range values {
			if strings.EqualFold(v, s) { // SQL Server compares strings ignoring case
				return true
			}
		}
		return false
	}
	switch n.op {
	case "=", "in":
		return in, nil
	case "!=", "not in":
		return func(s string) bool { return !in(s) }, nil
	}
	return nil, cannot
}

// parseStringList reads what quote and In render: quoted strings (or null, read as
// "") separated by commas.
func parseStringList(s string) ([]string, bool) {
	var out []string
	for s = strings.TrimSpace(s); s != ""; {
		if rest, ok := strings.CutPrefix(s, "null"); ok {
			out, s = append(out, ""), rest
		} else {
			v, rest, ok := unquote(s)
			if !ok {
				return nil, false
			}
			out, s = append(out, v), rest
		}
		s = strings.TrimSpace(s)
		if s == "" {
			break
		}
		var ok bool
		if s, ok = strings.CutPrefix(s, ","); !ok {
			return nil, false
		}
		s = strings.TrimSpace(s)
	}
	return out, len(out) > 0
}

// unquote reads one string rendered by quote and returns it with the rest of s.
func unquote(s string) (string, string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return "", "", false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 == len(s) {
				return "", "", false
			}
			i++
			b.WriteByte(s[i])
		case '"':
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", false
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
