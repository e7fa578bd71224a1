package simulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
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

type tokKind int

const (
	tEOF tokKind = iota
	tPath
	tString
	tNumber
	tDate
	tOp
	tLParen
	tRParen
	tComma
)

type token struct {
	kind tokKind
	text string // source text (for paths, ops, numbers, dates) or decoded string value
	pos  int
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of conditions"
	case tString:
		return strconv.Quote(t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// lex splits the input into tokens.
func lex(input string) ([]token, error) {
	rs := []rune(input)
	var toks []token
	i := 0
	for i < len(rs) {
		r := rs[i]
		pos := i + 1
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{tLParen, "(", pos})
			i++
		case r == ')':
			toks = append(toks, token{tRParen, ")", pos})
			i++
		case r == ',':
			toks = append(toks, token{tComma, ",", pos})
			i++
		case r == '=':
			toks = append(toks, token{tOp, "=", pos})
			i++
		case r == '!' || r == '<' || r == '>':
			switch {
			case i+1 < len(rs) && rs[i+1] == '=':
				toks = append(toks, token{tOp, string(r) + "=", pos})
				i += 2
			case r == '!':
				return nil, &conditionError{pos, `unexpected "!" (did you mean "!="?)`}
			case i+1 < len(rs) && rs[i+1] == '>':
				return nil, &conditionError{pos, `unsupported operator "<>" (use "!=")`}
			default:
				toks = append(toks, token{tOp, string(r), pos})
				i++
			}
		case r == '"' || r == '\'':
			s, n, err := lexString(rs, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tString, s, pos})
			i = n
		case r == '[':
			j := i + 1
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) {
				return nil, &conditionError{pos, `unterminated date (missing "]")`}
			}
			toks = append(toks, token{tDate, string(rs[i+1 : j]), pos})
			i = j + 1
		case r == '-' || r == '.' || isDigit(r):
			j := i
			if rs[j] == '-' {
				j++
			}
			digits, dot := 0, false
			for j < len(rs) && (isDigit(rs[j]) || (rs[j] == '.' && !dot)) {
				if rs[j] == '.' {
					dot = true
				} else {
					digits++
				}
				j++
			}
			if digits == 0 || rs[j-1] == '.' {
				return nil, &conditionError{pos, fmt.Sprintf("invalid number %q", string(rs[i:j]))}
			}
			if j < len(rs) && isNameRune(rs[j]) {
				return nil, &conditionError{pos, fmt.Sprintf("invalid number %q", string(rs[i:j+1]))}
			}
			toks = append(toks, token{tNumber, string(rs[i:j]), pos})
			i = j
		case isNameStart(r):
			j := i
			for j < len(rs) && (isNameRune(rs[j]) || rs[j] == '/') {
				if rs[j] == '/' && (j+1 >= len(rs) || !isNameStart(rs[j+1])) {
					return nil, &conditionError{j + 1, "a field path must not end with \"/\" or have an empty part"}
				}
				j++
			}
			toks = append(toks, token{tPath, string(rs[i:j]), pos})
			i = j
		default:
			return nil, &conditionError{pos, fmt.Sprintf("unexpected character %q", string(r))}
		}
	}
	toks = append(toks, token{tEOF, "", len(rs) + 1})
	return toks, nil
}

// lexString reads a quoted string starting at rs[start]; returns the value and the index
// after the closing quote.
func lexString(rs []rune, start int) (string, int, error) {
	quote := rs[start]
	var b strings.Builder
	for i := start + 1; i < len(rs); i++ {
		switch rs[i] {
		case '\\':
			if i+1 >= len(rs) {
				return "", 0, &conditionError{start + 1, "unterminated string"}
			}
			switch e := rs[i+1]; e {
			case '"', '\'', '\\':
				b.WriteRune(e)
				i++
			default:
				return "", 0, &conditionError{i + 1, fmt.Sprintf(`invalid escape "\%c" (only \" \' and \\ are allowed)`, e)}
			}
		case quote:
			return b.String(), i + 1, nil
		default:
			b.WriteRune(rs[i])
		}
	}
	return "", 0, &conditionError{start + 1, "unterminated string"}
}

func isDigit(r rune) bool     { return r >= '0' && r <= '9' }
func isNameStart(r rune) bool { return r == '_' || (r < 128 && unicode.IsLetter(r)) }
func isNameRune(r rune) bool  { return isNameStart(r) || isDigit(r) }

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
