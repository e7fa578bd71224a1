package connectwise

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A condition is built from typed parts only: field paths are validated
// code constants, and every value is rendered by this file (strings quoted
// and escaped per DESIGN.md). There is deliberately no way to turn a raw
// string into a Condition, so user input can never be concatenated into
// the query language.

// MaxConditionLength bounds the URL-encoded conditions of one request so
// the whole URL stays under about 2,000 characters.
const MaxConditionLength = 1500

// Condition is a ConnectWise "conditions" expression. The zero value is
// no condition. A Condition built from an invalid value carries an error
// (see Err) and every call that uses it fails with that error.
type Condition struct {
	n   *condNode
	err error
}

type condNode struct {
	// leaf
	field, op, value string
	// group
	join string // "and" | "or"
	kids []*condNode
}

// IsZero reports an empty condition.
func (c Condition) IsZero() bool { return c.n == nil && c.err == nil }

// Err is the error of an invalid value used in the condition, if any.
func (c Condition) Err() error { return c.err }

// String renders the condition as ConnectWise expects it, "" when empty
// or invalid.
func (c Condition) String() string {
	if c.err != nil || c.n == nil {
		return ""
	}
	var b strings.Builder
	c.n.render(&b)
	return b.String()
}

func (n *condNode) render(b *strings.Builder) {
	if n.join == "" {
		b.WriteString(n.field)
		b.WriteByte(' ')
		b.WriteString(n.op)
		b.WriteByte(' ')
		b.WriteString(n.value)
		return
	}
	for i, k := range n.kids {
		if i > 0 {
			b.WriteString(" " + n.join + " ")
		}
		if k.join != "" {
			b.WriteByte('(')
			k.render(b)
			b.WriteByte(')')
		} else {
			k.render(b)
		}
	}
}

// Value is a literal of the condition language.
type Value struct {
	lit string
	err error
}

// Err is why the value cannot be used, or nil.
func (v Value) Err() error {
	if v.err == nil && v.lit == "" {
		return errors.New("connectwise: empty condition value")
	}
	return v.err
}

// String quotes s. A string with a control character (newline, NUL, ...)
// or invalid UTF-8 cannot be quoted safely: the Value then carries an
// error that fails any call using it. See StringValue to check early.
func String(s string) Value {
	v, err := StringValue(s)
	if err != nil {
		return Value{err: err}
	}
	return v
}

// StringValue is String that reports an unquotable string at once.
func StringValue(s string) (Value, error) {
	if !utf8.ValidString(s) {
		return Value{}, fmt.Errorf("connectwise: the text %q is not valid UTF-8 and cannot be used in a condition", s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return Value{}, fmt.Errorf("connectwise: the text %q contains a control character (such as a line break), which cannot be used in a condition", s)
		}
	}
	return Value{lit: quote(s)}, nil
}

// quote wraps s in double quotes, escaping \ and " with a backslash
// (DESIGN.md). Inside the quotes, * is literal except for like.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// Int is an integer literal.
func Int(i int) Value { return Value{lit: strconv.Itoa(i)} }

// Float is a decimal literal.
func Float(f float64) Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Value{err: fmt.Errorf("connectwise: %v cannot be used in a condition", f)}
	}
	return Value{lit: strconv.FormatFloat(f, 'f', -1, 64)}
}

// Bool is True or False.
func Bool(b bool) Value {
	if b {
		return Value{lit: "True"}
	}
	return Value{lit: "False"}
}

// Date is a UTC date-time in brackets: [2026-11-01T00:00:00Z].
func Date(t time.Time) Value { return Value{lit: "[" + FormatDate(t) + "]"} }

// FormatDate renders t as ConnectWise expects dates: UTC yyyy-MM-ddTHH:mm:ssZ.
func FormatDate(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// FieldRef names a field of the records, e.g. "name" or "company/id".
type FieldRef struct{ path string }

var fieldPathRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*$`)

// Field validates a field path. Paths are code constants, never user
// input, so an invalid one is a programming error: Field panics.
func Field(path string) FieldRef {
	if !fieldPathRE.MatchString(path) {
		panic(fmt.Sprintf("connectwise: invalid condition field path %q", path))
	}
	return FieldRef{path: path}
}

func (f FieldRef) cmp(op string, v Value) Condition {
	if f.path == "" {
		return Condition{err: errors.New("connectwise: condition on an unnamed field (use Field)")}
	}
	if err := v.Err(); err != nil {
		return Condition{err: err}
	}
	return Condition{n: &condNode{field: f.path, op: op, value: v.lit}}
}

// Eq is field = v (for strings an exact match; * is literal).
func (f FieldRef) Eq(v Value) Condition { return f.cmp("=", v) }

// Ne is field != v.
func (f FieldRef) Ne(v Value) Condition { return f.cmp("!=", v) }

// Lt is field < v.
func (f FieldRef) Lt(v Value) Condition { return f.cmp("<", v) }

// Le is field <= v.
func (f FieldRef) Le(v Value) Condition { return f.cmp("<=", v) }

// Gt is field > v.
func (f FieldRef) Gt(v Value) Condition { return f.cmp(">", v) }

// Ge is field >= v.
func (f FieldRef) Ge(v Value) Condition { return f.cmp(">=", v) }

// Contains is a substring match; * in s is literal.
func (f FieldRef) Contains(s string) Condition { return f.cmp("contains", String(s)) }

// Like matches a pattern in which * is a wildcard, e.g. "Acme*". The
// pattern is quoted like any string, so only * has a special meaning.
func (f FieldRef) Like(pattern string) Condition { return f.cmp("like", String(pattern)) }

// IsNull is field = null.
func (f FieldRef) IsNull() Condition { return f.cmp("=", Value{lit: "null"}) }

// NotNull is field != null.
func (f FieldRef) NotNull() Condition { return f.cmp("!=", Value{lit: "null"}) }

// In is field in (v1, v2, ...). Long lists belong in SplitIn.
func (f FieldRef) In(vals ...Value) Condition {
	if len(vals) == 0 {
		return Condition{err: fmt.Errorf("connectwise: %s in () needs at least one value", f.path)}
	}
	lits := make([]string, len(vals))
	for i, v := range vals {
		if err := v.Err(); err != nil {
			return Condition{err: err}
		}
		lits[i] = v.lit
	}
	return f.cmp("in", Value{lit: "(" + strings.Join(lits, ",") + ")"})
}

// And joins conditions; empty ones are skipped.
func And(cs ...Condition) Condition { return join("and", cs) }

// Or joins conditions; empty ones are skipped.
func Or(cs ...Condition) Condition { return join("or", cs) }

func join(op string, cs []Condition) Condition {
	var kids []*condNode
	for _, c := range cs {
		if c.err != nil {
			return Condition{err: c.err}
		}
		if c.n == nil {
			continue
		}
		if c.n.join == op { // flatten a and (b and c)
			kids = append(kids, c.n.kids...)
		} else {
			kids = append(kids, c.n)
		}
	}
	switch len(kids) {
	case 0:
		return Condition{}
	case 1:
		return Condition{n: kids[0]}
	}
	return Condition{n: &condNode{join: op, kids: kids}}
}

// Not negates c. ConnectWise has no documented unary not, so the negation
// is pushed down to the comparisons (De Morgan): = becomes !=, like
// becomes not like, in becomes not in, and so on. As in SQL, a comparison
// with a null field is false both ways. Not of the empty condition is
// empty.
func Not(c Condition) Condition {
	if c.err != nil || c.n == nil {
		return c
	}
	return Condition{n: negate(c.n)}
}

var negatedOp = map[string]string{
	"=": "!=", "!=": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">",
	"contains": "not contains", "not contains": "contains",
	"like": "not like", "not like": "like",
	"in": "not in", "not in": "in",
}

func negate(n *condNode) *condNode {
	if n.join == "" {
		return &condNode{field: n.field, op: negatedOp[n.op], value: n.value}
	}
	out := &condNode{join: "and", kids: make([]*condNode, len(n.kids))}
	if n.join == "and" {
		out.join = "or"
	}
	for i, k := range n.kids {
		out.kids[i] = negate(k)
	}
	return out
}

// SplitIn builds And(f.In(chunk...), extra) for consecutive chunks of
// vals, each small enough that its URL-encoded conditions stay within
// maxQueryLen characters (MaxConditionLength when <= 0). A single value
// longer than that still gets a chunk of its own. Invalid values make
// one Condition carrying the error.
func SplitIn(f FieldRef, vals []Value, extra Condition, maxQueryLen int) []Condition {
	if len(vals) == 0 {
		return nil
	}
	if maxQueryLen <= 0 {
		maxQueryLen = MaxConditionLength
	}
	if err := extra.Err(); err != nil {
		return []Condition{{err: err}}
	}
	for _, v := range vals {
		if err := v.Err(); err != nil {
			return []Condition{{err: err}}
		}
	}
	// URL encoding is per character, so the encoded length of a chunk is
	// the overhead of "f in ()" plus extra, plus each value and comma.
	probe := And(Condition{n: &condNode{field: f.path, op: "in", value: "()"}}, extra)
	overhead := len(url.QueryEscape(probe.String()))
	comma := len(url.QueryEscape(","))

	var out []Condition
	var chunk []Value
	size := overhead
	for _, v := range vals {
		add := len(url.QueryEscape(v.lit))
		if len(chunk) > 0 {
			add += comma
		}
		if len(chunk) > 0 && size+add > maxQueryLen {
			out = append(out, And(f.In(chunk...), extra))
			chunk, size = nil, overhead
			add = len(url.QueryEscape(v.lit))
		}
		chunk = append(chunk, v)
		size += add
	}
	return append(out, And(f.In(chunk...), extra))
}

// Ints turns ids into Values for In and SplitIn.
func Ints(ids []int) []Value {
	out := make([]Value, len(ids))
	for i, id := range ids {
		out[i] = Int(id)
	}
	return out
}
