package simulator

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// The lexer of the conditions grammar (conditions.go): tokens with their 1-based
// character positions, for errors that point at the character.

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
