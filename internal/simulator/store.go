package simulator

import (
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Kinds the store holds, one collection each. The names are also the JSON keys of a Dataset.
var allKinds = []string{
	"companies", "companyTypes", "companyStatuses",
	"agreements", "agreementTypes", "additions",
	"catalog", "categories", "subcategories", "productTypes", "unitOfMeasures", "manufacturers",
}

func knownKind(kind string) bool {
	for _, k := range allKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// uiMember and apiMember are who _info.updatedBy names: Store edits stand for a person
// in the ConnectWise UI, API writes for the integration's API member.
const (
	uiMember  = "jsmith"
	apiMember = "APIMember"
)

// Store is a thread-safe in-memory store of JSON objects, one collection per kind.
// Values are kept in encoding/json's generic form (numbers are float64) so that what
// the API returns is what a JSON round trip would give. Kinds are the Dataset's JSON keys;
// an unknown kind is a programming error and panics (Update returns an error instead).
type Store struct {
	mu    sync.RWMutex
	now   func() time.Time
	kinds map[string]*collection
}

type collection struct {
	nextID int
	items  map[int]map[string]any
}

func newStore(now func() time.Time) *Store {
	st := &Store{now: now, kinds: map[string]*collection{}}
	for _, k := range allKinds {
		st.kinds[k] = &collection{nextID: 1, items: map[int]map[string]any{}}
	}
	return st
}

func (st *Store) coll(kind string) *collection {
	c, ok := st.kinds[kind]
	if !ok {
		panic(fmt.Sprintf("simulator: unknown kind %q", kind))
	}
	return c
}

// Insert stores a copy of obj and returns its id. A positive integer "id" in obj is kept
// when free (so datasets keep their references); otherwise the next id is assigned.
// _info gets dateEntered/lastUpdated/updatedBy unless obj already carries _info.
func (st *Store) Insert(kind string, obj map[string]any) int {
	return st.insert(kind, obj, uiMember)
}

func (st *Store) insert(kind string, obj map[string]any, member string) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.coll(kind)
	o := normalizeJSON(obj).(map[string]any)
	id, ok := intValue(o["id"])
	if !ok || id <= 0 || c.items[id] != nil {
		id = c.nextID
	}
	if id >= c.nextID {
		c.nextID = id + 1
	}
	o["id"] = float64(id)
	if _, has := o["_info"].(map[string]any); !has {
		ts := st.stamp()
		o["_info"] = map[string]any{"dateEntered": ts, "lastUpdated": ts, "enteredBy": member, "updatedBy": member}
	}
	c.items[id] = o
	return id
}

// Get returns a deep copy of one object.
func (st *Store) Get(kind string, id int) (map[string]any, bool) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	o, ok := st.coll(kind).items[id]
	if !ok {
		return nil, false
	}
	return deepCopy(o).(map[string]any), true
}

// Update merges fields into an object without any validation, as a person editing the
// record in the UI would: each top-level field is replaced whole, a nil value removes it.
func (st *Store) Update(kind string, id int, fields map[string]any) error {
	return st.update(kind, id, fields, uiMember)
}

func (st *Store) update(kind string, id int, fields map[string]any, member string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := st.kinds[kind]
	if !ok {
		return fmt.Errorf("unknown kind %q", kind)
	}
	o, ok := c.items[id]
	if !ok {
		return fmt.Errorf("%s %d not found", kind, id)
	}
	normalized, _ := normalizeJSON(fields).(map[string]any) // nil fields: nothing to merge
	for k, v := range normalized {
		if k == "id" || k == "_info" {
			continue
		}
		if v == nil {
			delete(o, k)
		} else {
			o[k] = v
		}
	}
	st.touch(o, member)
	return nil
}

// replace swaps a whole object (PUT, PATCH), keeping id and refreshing _info; a
// missing id is a no-op (callers have already looked the object up).
func (st *Store) replace(kind string, id int, obj map[string]any, member string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.coll(kind)
	old, ok := c.items[id]
	if !ok {
		return
	}
	o := normalizeJSON(obj).(map[string]any)
	o["id"] = float64(id)
	o["_info"] = old["_info"]
	st.touch(o, member)
	c.items[id] = o
}

func (st *Store) touch(o map[string]any, member string) {
	info, _ := o["_info"].(map[string]any)
	if info == nil {
		info = map[string]any{}
		o["_info"] = info
	}
	info["lastUpdated"] = st.stamp()
	info["updatedBy"] = member
}

func (st *Store) stamp() string { return st.now().UTC().Format(timeLayout) }

// Delete removes an object; false if it did not exist.
func (st *Store) Delete(kind string, id int) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.coll(kind)
	if _, ok := c.items[id]; !ok {
		return false
	}
	delete(c.items, id)
	return true
}

// List returns deep copies of every object of a kind, ordered by id.
func (st *Store) List(kind string) []map[string]any {
	return st.listWhere(kind, nil)
}

// listWhere returns deep copies of the objects of a kind that keep accepts (all when keep
// is nil), ordered by id. It filters before copying: an agreement's additions are a few
// among thousands, and copying them all on every request made large runs slow.
func (st *Store) listWhere(kind string, keep func(map[string]any) bool) []map[string]any {
	st.mu.RLock()
	defer st.mu.RUnlock()
	c := st.coll(kind)
	ids := make([]int, 0, len(c.items))
	for id, o := range c.items {
		if keep == nil || keep(o) {
			ids = append(ids, id)
		}
	}
	sort.Ints(ids)
	out := make([]map[string]any, len(ids))
	for i, id := range ids {
		out[i] = deepCopy(c.items[id]).(map[string]any)
	}
	return out
}

// load inserts every object of a dataset.
func (st *Store) load(d *Dataset) {
	for _, kind := range allKinds {
		for _, o := range *d.kind(kind) {
			st.Insert(kind, o)
		}
	}
}

// dump copies the whole store into a Dataset.
func (st *Store) dump() *Dataset {
	d := &Dataset{}
	for _, kind := range allKinds {
		*d.kind(kind) = st.List(kind)
	}
	return d
}

// normalizeJSON turns any JSON-marshalable value into encoding/json's generic form.
func normalizeJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("simulator: value is not JSON: %v", err))
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

// deepCopy copies a value in generic JSON form.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, e := range t {
			s[i] = deepCopy(e)
		}
		return s
	default:
		return v
	}
}

// intValue reads an integer from a generic JSON value (float64, json.Number or int).
// Int reads a number of a store row as an int (JSON numbers are float64 there, numbers
// set in Go int); 0 when v is not a whole number.
func Int(v any) int {
	n, _ := intValue(v)
	return n
}

func intValue(v any) (int, bool) {
	switch t := v.(type) {
	case float64:
		if t != float64(int(t)) {
			return 0, false
		}
		return int(t), true
	case int:
		return t, true
	case int64:
		return int(t), true
	case json.Number:
		n, err := t.Int64()
		return int(n), err == nil
	}
	return 0, false
}

// refID reads obj[field].id, the id of a reference field.
func refID(obj map[string]any, field string) (int, bool) {
	ref, ok := obj[field].(map[string]any)
	if !ok {
		return 0, false
	}
	return intValue(ref["id"])
}
