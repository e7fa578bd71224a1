package connectwise

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestConditionRendering(t *testing.T) {
	d := time.Date(2026, 11, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		c    Condition
		want string
	}{
		{Condition{}, ""},
		{Field("name").Eq(String("Acme")), `name = "Acme"`},
		{Field("name").Eq(String(`Say "hi" \ bye`)), `name = "Say \"hi\" \\ bye"`},
		{Field("name").Eq(String("A*B")), `name = "A*B"`},
		{Field("name").Eq(String("Zürich ✓")), `name = "Zürich ✓"`},
		{Field("company/id").Eq(Int(5)), `company/id = 5`},
		{Field("price").Gt(Float(1.5)), `price > 1.5`},
		{Field("deletedFlag").Eq(Bool(false)), `deletedFlag = False`},
		{Field("inactiveFlag").Ne(Bool(true)), `inactiveFlag != True`},
		{Field("lastUpdated").Ge(Date(d)), `lastUpdated >= [2026-11-01T00:00:00Z]`},
		{Field("cancelledDate").IsNull(), `cancelledDate = null`},
		{Field("cancelledDate").NotNull(), `cancelledDate != null`},
		{Field("name").Contains("ac"), `name contains "ac"`},
		{Field("name").Like("Ac*"), `name like "Ac*"`},
		{Field("id").In(Int(3), Int(5), Int(8)), `id in (3,5,8)`},
		{And(Field("a").Eq(Int(1)), Condition{}, Field("b").Lt(Int(2))), `a = 1 and b < 2`},
		{And(Condition{}, Field("a").Eq(Int(1))), `a = 1`},
		{Or(), ``},
		{And(Field("a").Eq(Int(1)), Or(Field("b").Eq(Int(2)), Field("c").Eq(Int(3)))), `a = 1 and (b = 2 or c = 3)`},
		{And(Field("a").Eq(Int(1)), And(Field("b").Eq(Int(2)), Field("c").Eq(Int(3)))), `a = 1 and b = 2 and c = 3`},
		{Not(Field("a").Eq(Int(1))), `a != 1`},
		{Not(Field("a").Lt(Int(1))), `a >= 1`},
		{Not(Field("name").Like("x*")), `name not like "x*"`},
		{Not(Field("id").In(Int(1))), `id not in (1)`},
		{Not(And(Field("a").Eq(Int(1)), Or(Field("b").Contains("x"), Field("c").IsNull()))), `a != 1 or (b not contains "x" and c != null)`},
		{Not(Not(Field("a").Gt(Int(1)))), `a > 1`},
		{Not(Condition{}), ``},
	}
	for _, tt := range tests {
		if err := tt.c.Err(); err != nil {
			t.Errorf("%q: unexpected error %v", tt.want, err)
		}
		if got := tt.c.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

func TestConditionRejectsUnquotableStrings(t *testing.T) {
	for _, s := range []string{"a\nb", "a\x00b", "tab\there", "\x7f", "bad\xffutf8", "line\u2028sep"} {
		if _, err := StringValue(s); err == nil {
			t.Errorf("StringValue(%q) accepted", s)
		}
		c := And(Field("x").Eq(Int(1)), Field("name").Eq(String(s)))
		if c.Err() == nil || c.String() != "" {
			t.Errorf("condition with %q: err %v string %q", s, c.Err(), c.String())
		}
		if Not(c).Err() == nil || Or(c).Err() == nil || Field("n").In(Int(1), String(s)).Err() == nil {
			t.Errorf("error of %q lost through Not/Or/In", s)
		}
	}
	if (Field("x").Eq(Value{})).Err() == nil {
		t.Error("zero Value accepted")
	}
	if Field("x").In().Err() == nil {
		t.Error("empty in-list accepted")
	}
	if (FieldRef{}).Eq(Int(1)).Err() == nil {
		t.Error("zero FieldRef accepted")
	}
	if Float(nan()).Err() == nil {
		t.Error("NaN accepted")
	}
}

func nan() float64 { var z float64; return z / z }

func TestFieldPanicsOnInvalidPath(t *testing.T) {
	for _, p := range []string{"", "name = 1", "a//b", "/a", "a/", "1a", `name"`, "a b", "name)or(1"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Field(%q) did not panic", p)
				}
			}()
			Field(p)
		}()
	}
	Field("company/id")
	Field("_info/lastUpdated")
}

func TestSplitIn(t *testing.T) {
	ids := make([]int, 700)
	for i := range ids {
		ids[i] = 100000 + i
	}
	extra := Field("deletedFlag").Eq(Bool(false))
	chunks := SplitIn(Field("id"), Ints(ids), extra, MaxConditionLength)
	if len(chunks) < 2 {
		t.Fatalf("700 ids in %d chunk(s)", len(chunks))
	}
	var seen []string
	for _, c := range chunks {
		s := c.String()
		if n := len(url.QueryEscape(s)); n > MaxConditionLength {
			t.Errorf("chunk encodes to %d > %d", n, MaxConditionLength)
		}
		if !strings.HasSuffix(s, " and deletedFlag = False") || !strings.HasPrefix(s, "id in (") {
			t.Errorf("chunk %q", s)
		}
		inner := s[len("id in ("):strings.Index(s, ")")]
		seen = append(seen, strings.Split(inner, ",")...)
	}
	if len(seen) != len(ids) {
		t.Errorf("chunks carry %d ids, want %d", len(seen), len(ids))
	}
	// A chunk is as full as allowed: adding the next value would overflow.
	first := chunks[0].String()
	if n := len(url.QueryEscape(first)); n+len(url.QueryEscape(",100999")) <= MaxConditionLength {
		t.Errorf("first chunk only %d long", n)
	}

	// Strings that grow when encoded are measured encoded.
	names := []Value{String(`"quoted" ü`), String("plain"), String("x y z")}
	for _, c := range SplitIn(Field("name"), names, Condition{}, 40) {
		if n := len(url.QueryEscape(c.String())); n > 40 && strings.Count(c.String(), ",") > 0 {
			t.Errorf("chunk %q encodes to %d", c, n)
		}
	}
	if SplitIn(Field("id"), nil, extra, 0) != nil {
		t.Error("no values should give no conditions")
	}
	bad := SplitIn(Field("name"), []Value{String("a\nb")}, Condition{}, 0)
	if len(bad) != 1 || bad[0].Err() == nil {
		t.Errorf("invalid value: %v", bad)
	}
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 3, 1, 23, 30, 5, 999, time.FixedZone("X", -2*3600))
	if got := FormatDate(d); got != "2026-03-02T01:30:05Z" {
		t.Errorf("FormatDate = %s", got)
	}
}
