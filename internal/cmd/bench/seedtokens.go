package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// What differs between mappings in a state, and its substitution (see seedstate.go).

// tokens are the values that belong to one mapping, by role.
type tokens struct {
	key     string            // its organization ID, the for_each key; also inside composite IDs
	roles   map[string]string // role -> value, value written kind + ":" + text
	byValue map[string][]string
}

// mappingTokens are the i-th mapping's tokens; companies and agreements are the site's
// records by ID (the simulator's store), whose names the provider's computed attributes copy.
func mappingTokens(i int, m mapping, companies, agreements map[int]map[string]any) tokens {
	t := tokens{key: customerKey(i), roles: map[string]string{
		"key": "s:" + customerKey(i), "block": "s:" + blockName(i),
		"company": "n:" + strconv.Itoa(m.company), "agreement": "n:" + strconv.Itoa(m.agreement),
	}}
	for prefix, record := range map[string]map[string]any{"company.": companies[m.company], "agreement.": agreements[m.agreement]} {
		for field, v := range record {
			if s, ok := v.(string); ok && s != "" {
				t.roles[prefix+field] = "s:" + s
			}
		}
	}
	t.byValue = map[string][]string{}
	for role, v := range t.roles {
		t.byValue[v] = append(t.byValue[v], role)
	}
	return t
}

// substitute is v (decoded with UseNumber) with the values of from's mapping made to's.
func substitute(v any, from, to tokens) (out any, err error) {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			if m[k], err = substitute(e, from, to); err != nil {
				return nil, err
			}
		}
		return m, nil
	case []any:
		l := make([]any, len(x))
		for k, e := range x {
			if l[k], err = substitute(e, from, to); err != nil {
				return nil, err
			}
		}
		return l, nil
	case string:
		if r, ok, err := swap("s:"+x, from, to); ok || err != nil {
			return r, err
		}
		// A composite ID (integration/organization) holds the key inside.
		return strings.ReplaceAll(x, from.key, to.key), nil
	case json.Number:
		if r, ok, err := swap("n:"+string(x), from, to); ok || err != nil {
			return r, err
		}
	}
	return v, nil
}

// swap is the value of to's role that value holds in from, if it holds one. A value two
// roles share in from is ambiguous unless they share one in to as well.
func swap(value string, from, to tokens) (any, bool, error) {
	roles := from.byValue[value]
	if len(roles) == 0 {
		return nil, false, nil
	}
	want := to.roles[roles[0]]
	for _, r := range roles[1:] {
		if to.roles[r] != want {
			return nil, false, fmt.Errorf("%s is both %s and %s of the template mapping", value[2:], roles[0], r)
		}
	}
	if want == "" {
		return nil, false, fmt.Errorf("the mapping has no %s", roles[0])
	}
	if strings.HasPrefix(want, "n:") {
		return json.Number(want[2:]), true, nil
	}
	return want[2:], true, nil
}
