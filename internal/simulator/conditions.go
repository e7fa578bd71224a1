package simulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// This file parses the `conditions` query parameter into a tree. The grammar, as in
// API-NOTES.md and DESIGN.md:
//
//	expr       = and { "or" and }
//	and        = unary { "and" unary }
//	unary      = "not" unary | "(" expr ")" | comparison
//	comparison = path op value | path ["not"] "in" "(" value { "," value } ")"
//	op         = "=" | "!=" | "<" | "<=" | ">" | ">=" | ["not"] "contains" | ["not"] "like"
//	value      = string | number | "True" | "False" | "null" | "[" date "]"
//	path       = name { "/" name }
//
// Keywords are case-insensitive; strings take double or single quotes with \" \' \\ escapes.
// Positions in errors are 1-based character (not byte) offsets.

// conditionError is a syntax or field error at a position of the conditions string.
type conditionError struct {
	pos int
	msg string
}

func (e *conditionError) Error() string {
	return fmt.Sprintf("%s at position %d", e.msg, e.pos)
}

// condNode is a node of a parsed conditions tree.
type condNode interface{}

type condAnd struct{ left, right condNode }
type condOr struct{ left, right condNode }
type condNot struct{ inner condNode }

// condCmp is one comparison. Negated operators (!=, not like, not contains, not in) keep the
// positive op with negate set.
type condCmp struct {
	path   []string
	pos    int
	op     string // "=", "<", "<=", ">", ">=", "contains", "like", "in"
	negate bool
	values []condValue // one, or the list of "in"

	ftype string // set when bound to a schema: string, date, number, boolean, any
}

type valueKind int

const (
	vString valueKind = iota
	vNumber
	vBool
	vDate
	vNull
)

type condValue struct {
	kind valueKind
	str  string // vString
	num  float64
	b    bool
	t    time.Time
	pos  int
}

type condParser struct {
	toks []token
	i    int
}

// parseConditions parses a conditions string; an empty string is a nil tree (match all).
func parseConditions(input string) (condNode, error) {
	if strings.TrimSpace(input) == "" {
		return nil, nil
	}
	toks, err := lex(input)
	if err != nil {
		return nil, err
	}
	p := &condParser{toks: toks}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.unexpected(t, `"and", "or" or the end`)
	}
	return n, nil
}

func (p *condParser) peek() token { return p.toks[p.i] }
func (p *condParser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *condParser) unexpected(t token, want string) error {
	return &conditionError{t.pos, fmt.Sprintf("unexpected %s, expected %s", t.describe(), want)}
}

func isKeyword(t token, kw string) bool { return t.kind == tPath && strings.EqualFold(t.text, kw) }

func (p *condParser) parseOr() (condNode, error) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for isKeyword(p.peek(), "or") {
		p.next()
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		left = &condOr{left, right}
	}
	return left, nil
}

func (p *condParser) parseAnd() (condNode, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for isKeyword(p.peek(), "and") {
		p.next()
		right, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		left = &condAnd{left, right}
	}
	return left, nil
}

func (p *condParser) parseUnary() (condNode, error) {
	t := p.peek()
	switch {
	case isKeyword(t, "not"):
		p.next()
		inner, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &condNot{inner}, nil
	case t.kind == tLParen:
		p.next()
		inner, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, p.unexpected(c, `")"`)
		}
		return inner, nil
	case t.kind == tPath && !isReserved(t.text):
		return p.parseComparison()
	}
	return nil, p.unexpected(t, "a field name or \"(\"")
}

func isReserved(word string) bool {
	switch strings.ToLower(word) {
	case "and", "or", "not", "in", "like", "contains", "true", "false", "null":
		return true
	}
	return false
}

func (p *condParser) parseComparison() (condNode, error) {
	f := p.next()
	c := &condCmp{path: strings.Split(f.text, "/"), pos: f.pos}
	t := p.next()
	switch {
	case t.kind == tOp:
		switch t.text {
		case "!=":
			c.op, c.negate = "=", true
		default:
			c.op = t.text
		}
	case isKeyword(t, "not"):
		o := p.next()
		if !isKeyword(o, "like") && !isKeyword(o, "contains") && !isKeyword(o, "in") {
			return nil, p.unexpected(o, `"like", "contains" or "in" after "not"`)
		}
		c.op, c.negate = strings.ToLower(o.text), true
	case isKeyword(t, "like") || isKeyword(t, "contains") || isKeyword(t, "in"):
		c.op = strings.ToLower(t.text)
	default:
		return nil, p.unexpected(t, "an operator (= != < <= > >= contains like in not)")
	}
	if c.op == "in" {
		if o := p.next(); o.kind != tLParen {
			return nil, p.unexpected(o, `"(" to start the "in" list`)
		}
		for {
			v, err := p.parseValue()
			if err != nil {
				return nil, err
			}
			c.values = append(c.values, v)
			sep := p.next()
			if sep.kind == tRParen {
				break
			}
			if sep.kind != tComma {
				return nil, p.unexpected(sep, `"," or ")"`)
			}
		}
		return c, nil
	}
	v, err := p.parseValue()
	if err != nil {
		return nil, err
	}
	c.values = []condValue{v}
	return c, nil
}

func (p *condParser) parseValue() (condValue, error) {
	t := p.next()
	v := condValue{pos: t.pos}
	switch {
	case t.kind == tString:
		v.kind, v.str = vString, t.text
	case t.kind == tNumber:
		n, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return v, &conditionError{t.pos, fmt.Sprintf("invalid number %q", t.text)}
		}
		v.kind, v.num = vNumber, n
	case t.kind == tDate:
		tm, ok := parseConditionDate(strings.TrimSpace(t.text))
		if !ok {
			return v, &conditionError{t.pos, fmt.Sprintf("invalid date [%s] (use [yyyy-MM-ddTHH:mm:ssZ])", t.text)}
		}
		v.kind, v.t = vDate, tm
	case isKeyword(t, "true") || isKeyword(t, "false"):
		v.kind, v.b = vBool, strings.EqualFold(t.text, "true")
	case isKeyword(t, "null"):
		v.kind = vNull
	default:
		return v, p.unexpected(t, "a value (quoted string, number, True, False, null or [date])")
	}
	return v, nil
}

// parseConditionDate accepts the date forms ConnectWise takes inside brackets.
func parseConditionDate(s string) (time.Time, bool) {
	for _, layout := range []string{timeLayout, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
