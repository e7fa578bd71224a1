package simulator

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const conditionObjects = `[
 {"id":1,"identifier":"Acme","name":"Acme Dental","deletedFlag":false,"status":{"id":1,"name":"Active"},
  "types":[{"id":1,"name":"Client"},{"id":4,"name":"Partner"}],"dateAcquired":"2024-05-01T00:00:00Z","annualRevenue":1500.5,
  "_info":{"lastUpdated":"2025-02-01T00:00:00Z"}},
 {"id":2,"identifier":"OBrien","name":"O'Brien & \"Sons\"","deletedFlag":true,"status":{"id":2,"name":"Inactive"},
  "types":[{"id":2,"name":"Prospect"}]},
 {"id":3,"identifier":"Back","name":"Back\\Slash *Star* 日本","types":[]}
]`

func TestConditionsEvaluate(t *testing.T) {
	var objs []map[string]any
	if err := json.Unmarshal([]byte(conditionObjects), &objs); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   string
		want []int
	}{
		{``, []int{1, 2, 3}},
		{`name = "acme dental"`, []int{1}},
		{`name = "ACME DENTAL"`, []int{1}},
		{`name = "O'Brien & \"Sons\""`, []int{2}},
		{`name = 'O\'Brien & "Sons"'`, []int{2}},
		{`name = "Back\\Slash *Star* 日本"`, []int{3}},
		{`name != "acme dental"`, []int{2, 3}},
		{`name contains "*star*"`, []int{3}},
		{`name contains "STAR"`, []int{3}},
		{`name contains "日本"`, []int{3}},
		{`name not contains "a"`, []int{2}},
		{`name like "acme*"`, []int{1}},
		{`name like "*SONS*"`, []int{2}},
		{`name like "acme"`, nil},
		{`name like "acme dental"`, []int{1}},
		{`name like "*"`, []int{1, 2, 3}},
		{`name like "a*l"`, []int{1}},
		{`name like "b*本"`, []int{3}},
		{`name not like "acme*"`, []int{2, 3}},
		{`id in (1,3)`, []int{1, 3}},
		{`id in (1)`, []int{1}},
		{`id not in (1, 3)`, []int{2}},
		{`identifier in ("acme", 'BACK')`, []int{1, 3}},
		{`id >= 2 and id < 3`, []int{2}},
		{`id > 1`, []int{2, 3}},
		{`id <= 1`, []int{1}},
		{`id = -1`, nil},
		{`id = 1 or id = 3`, []int{1, 3}},
		{`id = 1 OR id = 3`, []int{1, 3}},
		{`(id = 1 or id = 2) and deletedFlag = false`, []int{1}},
		{`name = "x" and id = 1 or id = 2`, []int{2}},
		{`id = 2 or id = 1 and name = "x"`, []int{2}},
		{`deletedFlag = True`, []int{2}},
		{`deletedFlag = TRUE`, []int{2}},
		{`deletedFlag = false`, []int{1}},
		{`deletedFlag != true`, []int{1}},
		{`deletedFlag = null`, []int{3}},
		{`deletedFlag != NULL`, []int{1, 2}},
		{`status/name = "Active"`, []int{1}},
		{`status/id = null`, []int{3}},
		{`dateAcquired > [2024-01-01T00:00:00Z]`, []int{1}},
		{`dateAcquired < [2024-01-01]`, nil},
		{`dateAcquired = [2024-05-01T00:00:00Z]`, []int{1}},
		{`dateAcquired >= "2024-05-01T00:00:00Z"`, []int{1}},
		{`_info/lastUpdated > [2025-01-01T00:00:00Z]`, []int{1}},
		{`annualRevenue > 1500`, []int{1}},
		{`annualRevenue = 1500.5`, []int{1}},
		{`not id = 1`, []int{2, 3}},
		{`NOT (id = 1 OR id = 2)`, []int{3}},
		{`not not id = 1`, []int{1}},
		{`((id = 1))`, []int{1}},
		{"\tid\n=\r1 ", []int{1}},
	}
	for _, c := range cases {
		checkMatches(t, objs, paramConditions, c.in, c.want)
	}
}

// TestChildConditionsEvaluate: array properties are searched with childConditions, with the
// conditions grammar; a record matches when some element does (an EXISTS).
func TestChildConditionsEvaluate(t *testing.T) {
	var objs []map[string]any
	if err := json.Unmarshal([]byte(conditionObjects), &objs); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		in   string
		want []int
	}{
		{``, []int{1, 2, 3}},
		{`types/id = 4`, []int{1}},
		{`types/name = "client"`, []int{1}},
		{`types/name like "pro*"`, []int{2}},
		{`types/id != 4`, []int{2}},
		{`types/id in (2, 4)`, []int{1, 2}},
		{`types/id not in (1, 2)`, nil},
		{`types/id = 1 or types/id = 2`, []int{1, 2}},
		{`types/id = 1 and types/id = 4`, []int{1}},
		{`not types/id = 4`, []int{2, 3}},
		{`(types/id > 3)`, []int{1}},
		{`types/id = 99`, nil},
	}
	for _, c := range cases {
		checkMatches(t, objs, paramChildConditions, c.in, c.want)
	}
}

func checkMatches(t *testing.T, objs []map[string]any, param condParam, in string, want []int) {
	t.Helper()
	doc := loadAPIDoc()
	n, err := compileConditions(doc, doc.kindSchema("companies"), param, in, condRules{})
	if err != nil {
		t.Errorf("%s %s: %v", param, in, err)
		return
	}
	var got []int
	for _, o := range objs {
		if evalConditions(n, o) {
			id, _ := intValue(o["id"])
			got = append(got, id)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s %s: matched %v, want %v", param, in, got, want)
	}
}

func TestConditionsErrors(t *testing.T) {
	cases := []struct {
		in   string
		pos  int
		want string // part of the message
	}{
		{`name = `, 8, "end of conditions"},
		{`name == "x"`, 7, "expected a value"},
		{`name = "abc`, 8, "unterminated string"},
		{`name = "a\x"`, 10, "invalid escape"},
		{`name = "a\`, 8, "unterminated string"},
		{`(name = "x"`, 12, `expected ")"`},
		{`name = "x" and`, 15, "expected a field name"},
		{`name = "x" name = "y"`, 12, `expected "and", "or"`},
		{`name ~ "x"`, 6, `unexpected character "~"`},
		{`name <> "x"`, 6, "unsupported operator"},
		{`name ! "x"`, 6, `did you mean "!="`},
		{`id in (1, 2`, 12, `expected "," or ")"`},
		{`id in 1`, 7, `expected "(" to start`},
		{`id in ()`, 8, "expected a value"},
		{`name not = "x"`, 10, `"like", "contains" or "in" after "not"`},
		{`name "x"`, 6, "expected an operator"},
		{`= 1`, 1, "expected a field name"},
		{`and = 1`, 1, "expected a field name"},
		{`id = 1.`, 6, "invalid number"},
		{`id=1AND id=1`, 4, "invalid number"},
		{`id = [2024-13-01]`, 6, "invalid date"},
		{`id = [2024-01-01`, 6, "unterminated date"},
		{`types/ = 1`, 6, "must not end with"},
		{`nmae = "x"`, 1, `unknown field "nmae"`}, //nolint:misspell // deliberately unknown field name
		{`Name = "x"`, 1, `unknown field "Name"`},
		{`types/nme = 1`, 1, `unknown field "types/nme"`},
		{`status = 1`, 1, "is an object"},
		{`id = "1"`, 6, "is a number"},
		{`deletedFlag = 1`, 15, "is a boolean"},
		{`deletedFlag > True`, 15, "does not apply to boolean"},
		{`name like 5`, 11, "needs a quoted string"},
		{`name = 5`, 8, "quote the value"},
		{`dateAcquired = "soon"`, 16, "is a date"},
		{`dateAcquired like "2024*"`, 19, "does not apply to date"},
		{`id < null`, 6, "null can only be compared"},
		{`name = "日本" and nmae = 1`, 17, `unknown field "nmae"`}, //nolint:misspell // deliberately unknown field name
		{`id = True`, 6, "is a number"},
		// Array properties only in childConditions.
		{`types/id = 4`, 1, `field "types/id" is an array and must be searched with childConditions`},
		{`name = "x" and types/name = "Client"`, 16, `field "types/name" is an array and must be searched with childConditions`},
		{`not (id = 1 or types/id in (1, 2))`, 16, `"types/id" is an array`},
		{`types = 1`, 1, `field "types" is an array`},
		{`integratorTags = "x"`, 1, `field "integratorTags" is an array`},
		{`customFields/id = 1`, 1, `field "customFields/id" is an array`},
	}
	for _, c := range cases {
		checkConditionError(t, paramConditions, c.in, c.pos, c.want)
	}
}

func TestChildConditionsErrors(t *testing.T) {
	cases := []struct {
		in   string
		pos  int
		want string // part of the message
	}{
		{`name = "x"`, 1, `field "name" is not an array and must be searched with conditions`},
		{`types/id = 1 and status/id = 1`, 18, `field "status/id" is not an array`},
		{`types/id = 1 or deletedFlag = false`, 17, `field "deletedFlag" is not an array`},
		{`types = 1`, 1, "is an object"},
		{`types/nme = 1`, 1, `unknown field "types/nme"`},
		{`types/id = "1"`, 12, "is a number"},
		{`types/name = 1`, 14, "quote the value"},
		{`types/id in (1,`, 16, "expected a value"},
		{`integratorTags like 5`, 21, "needs a quoted string"},
	}
	for _, c := range cases {
		checkConditionError(t, paramChildConditions, c.in, c.pos, c.want)
	}
}

func checkConditionError(t *testing.T, param condParam, in string, pos int, want string) {
	t.Helper()
	doc := loadAPIDoc()
	_, err := compileConditions(doc, doc.kindSchema("companies"), param, in, condRules{})
	var ce *conditionError
	if !errors.As(err, &ce) {
		t.Errorf("%s %s: error %v, want a conditionError", param, in, err)
		return
	}
	if ce.pos != pos || !strings.Contains(ce.msg, want) {
		t.Errorf("%s %s: got %q at %d, want %q at %d", param, in, ce.msg, ce.pos, want, pos)
	}
}

func TestLikeMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"abc", "abc", true},
		{"abc", "abcd", false},
		{"a*", "abc", true},
		{"*c", "abc", true},
		{"*b*", "abc", true},
		{"a*c", "ac", true},
		{"a*b*c", "abc", true},
		{"a*b*c", "acb", false},
		{"ab*bc", "abc", false},
		{"*", "", true},
		{"**", "x", true},
		{"日*", "日本", true},
	}
	for _, c := range cases {
		if got := likeMatch(c.pattern, c.s); got != c.want {
			t.Errorf("likeMatch(%q, %q) = %v", c.pattern, c.s, got)
		}
	}
}
