package simulator

import (
	"fmt"
	"strings"
)

// This file checks a parsed conditions tree against an object schema and evaluates it
// against stored objects with SQL Server's habits: string comparisons ignore case, a null
// field matches nothing but "= null", and a path through an array (only allowed in
// childConditions) matches when any element does (an EXISTS).

// condParam names the query parameter a conditions string came from. The grammar is the
// same; the fields differ: ConnectWise searches array properties (a company's types) only
// with childConditions, and everything else only with conditions.
type condParam string

const (
	paramConditions      condParam = "conditions"
	paramChildConditions condParam = "childConditions"
)

// condRules are what the site allows where API-NOTES.md is unconfirmed (variants
// array-conditions and agreement-status-condition). The zero value is DESIGN.md's
// choice: arrays only in childConditions, agreementStatus allowed in conditions.
type condRules struct {
	arraysInConditions bool // an array path may be searched with conditions too
	noChildConditions  bool // the childConditions parameter itself is refused
	noAgreementStatus  bool // agreementStatus may not be used in conditions
}

func (v Variants) condRules() condRules {
	arrays := v.Get(VariantArrayConditions)
	return condRules{
		arraysInConditions: arrays != "child-only",
		noChildConditions:  arrays == "conditions-only",
		noAgreementStatus:  v.Get(VariantAgreementStatusCondition) == "rejected",
	}
}

// compileConditions parses and binds a conditions (or childConditions) string to an object
// schema.
func compileConditions(d *apiDoc, schema *schemaNode, param condParam, input string, rules condRules) (condNode, error) {
	n, err := parseConditions(input)
	if err != nil || n == nil {
		return n, err
	}
	if err := bindConditions(d, schema, param, n, rules); err != nil {
		return nil, err
	}
	return n, nil
}

// bindConditions resolves each field against the schema and checks that the operator and
// values make sense for its type.
func bindConditions(d *apiDoc, schema *schemaNode, param condParam, n condNode, rules condRules) error {
	switch t := n.(type) {
	case *condAnd:
		if err := bindConditions(d, schema, param, t.left, rules); err != nil {
			return err
		}
		return bindConditions(d, schema, param, t.right, rules)
	case *condOr:
		if err := bindConditions(d, schema, param, t.left, rules); err != nil {
			return err
		}
		return bindConditions(d, schema, param, t.right, rules)
	case *condNot:
		return bindConditions(d, schema, param, t.inner, rules)
	case *condCmp:
		return bindComparison(d, schema, param, t, rules)
	}
	return fmt.Errorf("simulator: unknown condition node %T", n)
}

func bindComparison(d *apiDoc, schema *schemaNode, param condParam, c *condCmp, rules condRules) error {
	name := strings.Join(c.path, "/")
	f, array := d.fieldThrough(schema, c.path)
	if f == nil {
		return &conditionError{c.pos, fmt.Sprintf("unknown field %q", name)}
	}
	switch {
	case array && param != paramChildConditions && !rules.arraysInConditions:
		return &conditionError{c.pos, fmt.Sprintf("field %q is an array and must be searched with childConditions", name)}
	case !array && param == paramChildConditions:
		return &conditionError{c.pos, fmt.Sprintf("field %q is not an array and must be searched with conditions", name)}
	case param == paramConditions && rules.noAgreementStatus && strings.EqualFold(name, "agreementStatus"):
		return &conditionError{c.pos, fmt.Sprintf("field %q cannot be used in conditions", name)}
	}
	for f.Type == "array" && f.Items != nil {
		f = d.resolve(f.Items)
	}
	switch {
	case f.isFreeForm():
		c.ftype = "any"
	case f.Type == "string" && f.Format == "date-time":
		c.ftype = "date"
	case f.Type == "string":
		c.ftype = "string"
	case f.Type == "integer" || f.Type == "number":
		c.ftype = "number"
	case f.Type == "boolean":
		c.ftype = "boolean"
	default:
		return &conditionError{c.pos, fmt.Sprintf("field %q is an object; compare one of its fields, e.g. %s/id", name, name)}
	}
	for _, v := range c.values {
		if err := checkOperand(c, name, v); err != nil {
			return err
		}
	}
	return nil
}

func checkOperand(c *condCmp, name string, v condValue) error {
	bad := func(msg string) error { return &conditionError{v.pos, msg} }
	if v.kind == vNull {
		if c.op != "=" && c.op != "in" {
			return bad(fmt.Sprintf("null can only be compared with = or != (field %q)", name))
		}
		return nil
	}
	if (c.op == "like" || c.op == "contains") && v.kind != vString {
		return bad(fmt.Sprintf("%s needs a quoted string (field %q)", c.op, name))
	}
	switch c.ftype {
	case "boolean":
		if v.kind != vBool {
			return bad(fmt.Sprintf("field %q is a boolean; compare it with True or False", name))
		}
		if c.op != "=" && c.op != "in" {
			return bad(fmt.Sprintf("operator %s does not apply to boolean field %q", c.op, name))
		}
	case "number":
		if v.kind != vNumber {
			return bad(fmt.Sprintf("field %q is a number; compare it with a bare number", name))
		}
	case "date":
		if c.op == "like" || c.op == "contains" {
			return bad(fmt.Sprintf("operator %s does not apply to date field %q", c.op, name))
		}
		if v.kind == vString {
			if _, ok := parseConditionDate(v.str); ok {
				return nil
			}
		}
		if v.kind != vDate {
			return bad(fmt.Sprintf("field %q is a date; compare it with [yyyy-MM-ddTHH:mm:ssZ]", name))
		}
	case "string":
		if v.kind != vString && v.kind != vDate {
			return bad(fmt.Sprintf("field %q is a string; quote the value", name))
		}
	}
	return nil
}

// evalConditions reports whether obj matches; a nil tree matches everything.
func evalConditions(n condNode, obj map[string]any) bool {
	switch t := n.(type) {
	case nil:
		return true
	case *condAnd:
		return evalConditions(t.left, obj) && evalConditions(t.right, obj)
	case *condOr:
		return evalConditions(t.left, obj) || evalConditions(t.right, obj)
	case *condNot:
		return !evalConditions(t.inner, obj)
	case *condCmp:
		return evalComparison(t, obj)
	}
	return false
}

func evalComparison(c *condCmp, obj map[string]any) bool {
	vals := valuesAt(obj, c.path)
	matched, hasNonNull := false, false
	for _, v := range vals {
		if v != nil {
			hasNonNull = true
		}
		if matchOne(c, v) {
			matched = true
		}
	}
	if !c.negate {
		return matched
	}
	// SQL: "name != 'x'" is not true for a null name, while "name != null" is true for a set one.
	nullOperand := len(c.values) == 1 && c.values[0].kind == vNull
	if !nullOperand && !hasNonNull {
		return false
	}
	return !matched
}

func matchOne(c *condCmp, v any) bool {
	switch c.op {
	case "in":
		for _, cv := range c.values {
			if equalValue(c.ftype, v, cv) {
				return true
			}
		}
		return false
	case "=":
		return equalValue(c.ftype, v, c.values[0])
	case "contains":
		s, ok := v.(string)
		return ok && strings.Contains(strings.ToLower(s), strings.ToLower(c.values[0].str))
	case "like":
		s, ok := v.(string)
		return ok && likeMatch(strings.ToLower(c.values[0].str), strings.ToLower(s))
	}
	cmp, ok := compareValue(c.ftype, v, c.values[0])
	if !ok {
		return false
	}
	switch c.op {
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	}
	return false
}

func equalValue(ftype string, v any, cv condValue) bool {
	if cv.kind == vNull {
		return v == nil
	}
	cmp, ok := compareValue(ftype, v, cv)
	return ok && cmp == 0
}

// compareValue orders a stored value against an operand; ok is false when they are not
// comparable (null, or different types).
func compareValue(ftype string, v any, cv condValue) (int, bool) {
	if v == nil {
		return 0, false
	}
	switch cv.kind {
	case vBool:
		b, ok := v.(bool)
		if !ok || b != cv.b {
			return 1, ok
		}
		return 0, true
	case vNumber:
		n, ok := v.(float64)
		if !ok {
			return 0, false
		}
		return cmpFloat(n, cv.num), true
	case vDate:
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		t, ok := parseConditionDate(s)
		if !ok {
			return 0, false
		}
		return t.Compare(cv.t), true
	case vString:
		s, ok := v.(string)
		if !ok {
			return 0, false
		}
		if ftype == "date" {
			a, ok1 := parseConditionDate(s)
			b, ok2 := parseConditionDate(cv.str)
			if !ok1 || !ok2 {
				return 0, false
			}
			return a.Compare(b), true
		}
		return strings.Compare(strings.ToLower(s), strings.ToLower(cv.str)), true
	}
	return 0, false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// likeMatch matches s against a pattern where "*" is any run of characters.
func likeMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last) && len(s) >= len(last)
}

// valuesAt collects the values a path reaches, flattening arrays. A missing scalar is a
// single nil (null); an empty array reaches nothing.
func valuesAt(v any, path []string) []any {
	if len(path) == 0 {
		if arr, ok := v.([]any); ok {
			return arr
		}
		return []any{v}
	}
	switch t := v.(type) {
	case map[string]any:
		return valuesAt(t[path[0]], path[1:])
	case []any:
		var out []any
		for _, e := range t {
			out = append(out, valuesAt(e, path)...)
		}
		return out
	}
	return []any{nil}
}
