package simulator

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestStoreInsertGetUpdateDelete(t *testing.T) {
	st := newStore(fixedNow)
	id := st.Insert("companies", map[string]any{"identifier": "A", "name": "A", "types": []any{map[string]any{"id": 1}}})
	if id != 1 {
		t.Fatalf("first id %d", id)
	}
	if id2 := st.Insert("companies", map[string]any{"id": 50, "identifier": "B"}); id2 != 50 {
		t.Fatalf("explicit id kept: got %d", id2)
	}
	if id3 := st.Insert("companies", map[string]any{"id": 50, "identifier": "C"}); id3 != 51 {
		t.Fatalf("taken id: got %d, want next (51)", id3)
	}
	o, ok := st.Get("companies", id)
	if !ok || o["name"] != "A" {
		t.Fatalf("get: %v %v", o, ok)
	}
	info := o["_info"].(map[string]any)
	if info["dateEntered"] != "2026-01-15T12:00:00Z" || info["updatedBy"] != uiMember {
		t.Fatalf("_info %v", info)
	}
	// Get returns a deep copy.
	o["types"].([]any)[0].(map[string]any)["id"] = 99.0
	again, _ := st.Get("companies", id)
	if again["types"].([]any)[0].(map[string]any)["id"] != 1.0 {
		t.Fatal("Get must return a deep copy")
	}
	if err := st.Update("companies", id, map[string]any{"name": "A2", "city": nil, "id": 7}); err != nil {
		t.Fatal(err)
	}
	again, _ = st.Get("companies", id)
	if again["name"] != "A2" || again["id"] != 1.0 {
		t.Fatalf("update: %v", again)
	}
	if err := st.Update("companies", 999, map[string]any{"name": "x"}); err == nil {
		t.Fatal("update of a missing record must fail")
	}
	if err := st.Update("nope", 1, nil); err == nil {
		t.Fatal("update of an unknown kind must fail")
	}
	if got := ids(st.List("companies")); !reflect.DeepEqual(got, []int{1, 50, 51}) {
		t.Fatalf("list ids %v", got)
	}
	if !st.Delete("companies", 50) || st.Delete("companies", 50) {
		t.Fatal("delete")
	}
}

func TestDatasetRoundTrip(t *testing.T) {
	sim := New(Options{Data: DemoData(7, 40), Now: fixedNow})
	dump := sim.store.dump()
	path := filepath.Join(t.TempDir(), "data.json")
	b, _ := json.Marshal(dump)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadDataset(path)
	if err != nil {
		t.Fatal(err)
	}
	sim2 := New(Options{Data: loaded, Now: fixedNow})
	b2, _ := json.Marshal(sim2.store.dump())
	if !bytes.Equal(b, b2) {
		t.Fatal("dump -> LoadDataset -> dump differs")
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"compnies":[]}`), 0o600)
	if _, err := LoadDataset(bad); err == nil {
		t.Fatal("unknown key must fail")
	}
}

func TestDemoData(t *testing.T) {
	a, _ := json.Marshal(DemoData(42, 300))
	b, _ := json.Marshal(DemoData(42, 300))
	if !bytes.Equal(a, b) {
		t.Fatal("DemoData is not deterministic")
	}
	c, _ := json.Marshal(DemoData(43, 300))
	if bytes.Equal(a, c) {
		t.Fatal("the seed changes nothing")
	}
	d := DemoData(42, 300)
	if len(d.Companies) != 300 || len(d.Catalog) != 15 {
		t.Fatalf("%d companies, %d catalog items", len(d.Companies), len(d.Catalog))
	}
	seen := map[string]bool{}
	deleted, awkward := 0, 0
	for _, c := range d.Companies {
		ident := c["identifier"].(string)
		name := c["name"].(string)
		if len(ident) > 30 || utf8.RuneCountInString(name) > 50 || seen[strings.ToLower(ident)] {
			t.Fatalf("bad identifier/name %q %q", ident, name)
		}
		seen[strings.ToLower(ident)] = true
		if c["deletedFlag"] == true {
			deleted++
		}
		if strings.ContainsAny(name, `"\*`) || !isASCII(name) {
			awkward++
		}
	}
	if deleted == 0 || deleted > 40 {
		t.Fatalf("%d deleted companies of 300", deleted)
	}
	if awkward < 4 {
		t.Fatalf("only %d awkward names", awkward)
	}
	statuses := map[string]int{}
	for _, ag := range d.Agreements {
		statuses[ag["agreementStatus"].(string)]++
	}
	if statuses["Active"] == 0 || statuses["Cancelled"] == 0 || statuses["Expired"] == 0 {
		t.Fatalf("agreement statuses %v", statuses)
	}
	if len(d.Additions) < 3 {
		t.Fatalf("%d additions", len(d.Additions))
	}
	// Every demo record is valid for the API: a simulator serving it accepts PATCHes of
	// every agreement (required-on-update fields present).
	sim := New(Options{Data: d, Now: fixedNow})
	if n := len(sim.store.List("agreements")); n != len(d.Agreements) {
		t.Fatalf("%d agreements stored of %d", n, len(d.Agreements))
	}
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > 127 {
			return false
		}
	}
	return true
}

func TestDefaultLookups(t *testing.T) {
	d := DefaultLookups()
	names := func(l []map[string]any) []string {
		var out []string
		for _, o := range l {
			out = append(out, o["name"].(string))
		}
		sort.Strings(out)
		return out
	}
	if got := names(d.CompanyTypes); !reflect.DeepEqual(got, []string{"Client", "Competitor", "Partner", "Prospect", "Vendor"}) {
		t.Fatalf("company types %v", got)
	}
	if len(d.Companies) != 0 || len(d.Catalog) != 0 {
		t.Fatal("lookups only")
	}
	if got := names(d.Manufacturers); !reflect.DeepEqual(got, []string{"Acme Backup", "Check Point", "NordLayer"}) {
		t.Fatalf("manufacturers %v", got)
	}
}

// TestEmbeddedOpenAPI keeps the embedded copy byte-identical to the shared document.
func TestEmbeddedOpenAPI(t *testing.T) {
	shared, err := os.ReadFile("../../../shared/connectwise/openapi-subset.json")
	if os.IsNotExist(err) {
		t.Skip("shared document not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, openapiJSON) {
		t.Fatal("internal/simulator/openapi/openapi-subset.json differs from shared/connectwise/openapi-subset.json: copy it again")
	}
}

// TestRoutesMatchOpenAPI checks the route table against every path and method of the
// document, both ways.
func TestRoutesMatchOpenAPI(t *testing.T) {
	doc := loadAPIDoc()
	want := map[string]bool{}
	for p, ms := range doc.paths {
		for _, m := range ms {
			want[m+" "+p] = true
		}
	}
	got := map[string]bool{}
	for _, r := range buildRoutes() {
		for m := range r.methods {
			got[m+" "+r.name] = true
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("route missing: %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("route not in the document: %s", k)
		}
	}
	for kind := range schemaOf {
		if doc.kindSchema(kind) == nil {
			t.Errorf("no schema for %s", kind)
		}
	}
}

func TestStoreUpdateWithNoFields(t *testing.T) {
	st := New(Options{Data: DemoData(1, 3)}).Store()
	if err := st.Update("companies", 19300, nil); err != nil {
		t.Fatalf("an empty update should be a no-op: %v", err)
	}
}
