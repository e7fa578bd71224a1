package simulator

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// bigData has n plain companies with ids 1..n; every third is deleted.
func bigData(n int) *Dataset {
	d := DefaultLookups()
	for i := 1; i <= n; i++ {
		d.Companies = append(d.Companies, map[string]any{
			"id": i, "identifier": fmt.Sprintf("C%05d", i), "name": fmt.Sprintf("Company %05d", n+1-i),
			"deletedFlag": i%3 == 0, "status": map[string]any{"id": 1, "name": "Active"},
		})
	}
	return d
}

var linkRe = regexp.MustCompile(`<([^>]+)>; rel="(\w+)"`)

// links parses a Link header into rel -> URL.
func links(t *testing.T, h string) map[string]*url.URL {
	t.Helper()
	out := map[string]*url.URL{}
	for _, m := range linkRe.FindAllStringSubmatch(h, -1) {
		u, err := url.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		out[m[2]] = u
	}
	return out
}

func TestNavigablePaging(t *testing.T) {
	a := newAPITest(t, Options{Data: bigData(2500)})
	r := a.api("GET", "/company/companies?pageSize=1000&conditions="+url.QueryEscape("id > 0"), nil)
	wantStatus(t, r, 200)
	if got := len(r.list(t)); got != 1000 {
		t.Fatalf("page 1 has %d items", got)
	}
	if r.header.Get("X-Page-Size-Clamped") != "" {
		t.Fatal("1000 is not clamped")
	}
	l := links(t, r.header.Get("Link"))
	if l["first"] != nil || l["prev"] != nil || l["next"] == nil || l["last"] == nil {
		t.Fatalf("page 1 links %v", r.header.Get("Link"))
	}
	if l["next"].Query().Get("page") != "2" || l["last"].Query().Get("page") != "3" ||
		l["next"].Query().Get("conditions") != "id > 0" || l["next"].Query().Get("pageSize") != "1000" {
		t.Fatalf("next %v last %v", l["next"], l["last"])
	}
	if l["next"].Scheme != "http" || l["next"].Host == "" || l["next"].Path != "/v2025_8/apis/3.0/company/companies" {
		t.Fatalf("next is not a full URL: %v", l["next"])
	}
	// Follow next to the end.
	var all []int
	all = append(all, ids(r.list(t))...)
	next := l["next"]
	pages := 1
	for next != nil {
		r = a.raw("GET", next.RequestURI(), nil)
		wantStatus(t, r, 200)
		all = append(all, ids(r.list(t))...)
		pages++
		l = links(t, r.header.Get("Link"))
		next = l["next"]
		if pages == 2 && (l["prev"].Query().Get("page") != "1" || l["first"].Query().Get("page") != "1") {
			t.Fatalf("page 2 links %v", r.header.Get("Link"))
		}
	}
	if pages != 3 || len(all) != 2500 || all[0] != 1 || all[2499] != 2500 {
		t.Fatalf("%d pages, %d items", pages, len(all))
	}
	if l["last"] != nil || l["prev"].Query().Get("page") != "2" {
		t.Fatalf("last page links %v", r.header.Get("Link"))
	}

	// Clamp.
	r = a.api("GET", "/company/companies?pageSize=5000", nil)
	wantStatus(t, r, 200)
	if len(r.list(t)) != 1000 || r.header.Get("X-Page-Size-Clamped") != "1000" {
		t.Fatalf("clamp: %d items, header %q", len(r.list(t)), r.header.Get("X-Page-Size-Clamped"))
	}
	if links(t, r.header.Get("Link"))["next"].Query().Get("pageSize") != "1000" {
		t.Fatal("links carry the clamped page size")
	}
	// Default page size 25, and parameter names are case-insensitive.
	if got := len(a.api("GET", "/company/companies", nil).list(t)); got != 25 {
		t.Fatalf("default page size: %d", got)
	}
	if got := ids(a.api("GET", "/company/companies?PAGE=2&pagesize=2", nil).list(t)); !reflect.DeepEqual(got, []int{3, 4}) {
		t.Fatalf("page 2 size 2: %v", got)
	}
	// Past the end: empty array, not null.
	r = a.api("GET", "/company/companies?page=99&pageSize=1000", nil)
	if string(r.body) != "[]" {
		t.Fatalf("past the end: %s", r.body)
	}
	// One page only: no Link.
	r = a.api("GET", "/company/companies?conditions=id<3", nil)
	if r.header.Get("Link") != "" {
		t.Fatalf("single page Link %q", r.header.Get("Link"))
	}
	for _, bad := range []string{"page=0", "page=abc", "pageSize=0", "pageSize=-5", "pageSize=1.5"} {
		wantError(t, a.api("GET", "/company/companies?"+bad, nil), 400, "InvalidRequest", "", "")
	}
}

func TestForwardOnlyPaging(t *testing.T) {
	a := newAPITest(t, Options{Data: bigData(2500)})
	fo := "pagination-type: forward-only"
	var all []int
	path := "/v2025_8/apis/3.0/company/companies?pageSize=1000&conditions=" + url.QueryEscape("deletedFlag = false")
	for requests := 0; path != ""; requests++ {
		if requests > 5 {
			t.Fatal("too many pages")
		}
		r := a.raw("GET", path, nil, fo)
		wantStatus(t, r, 200)
		page := ids(r.list(t))
		all = append(all, page...)
		path = ""
		if n := links(t, r.header.Get("Link"))["next"]; n != nil {
			if n.Query().Get("pageId") != fmt.Sprint(page[len(page)-1]) {
				t.Fatalf("next pageId %s, last id %d", n.Query().Get("pageId"), page[len(page)-1])
			}
			if n.Query().Get("conditions") != "deletedFlag = false" {
				t.Fatalf("next lost the conditions: %v", n)
			}
			path = n.RequestURI()
		}
	}
	if len(all) != 1667 {
		t.Fatalf("%d non-deleted companies, want 1667", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i] <= all[i-1] {
			t.Fatal("forward-only pages must be ordered by id")
		}
	}
	r := a.api("GET", "/company/companies?pageId=2495&pageSize=10", nil, fo)
	if got := ids(r.list(t)); !reflect.DeepEqual(got, []int{2496, 2497, 2498, 2499, 2500}) || r.header.Get("Link") != "" {
		t.Fatalf("tail: %v link %q", got, r.header.Get("Link"))
	}
	wantError(t, a.api("GET", "/company/companies?orderBy=name", nil, fo), 400, "InvalidRequest", "", "")
}

func TestCountFieldsOrderBy(t *testing.T) {
	a := newAPITest(t, Options{Data: bigData(50)})
	var c map[string]any
	a.api("GET", "/company/companies/count", nil).decode(t, &c)
	if c["count"] != 50.0 {
		t.Fatalf("count %v", c)
	}
	r := a.api("GET", "/company/companies/count?conditions="+url.QueryEscape("deletedFlag=true and id <= 30"), nil)
	if r.object(t)["count"] != 10.0 {
		t.Fatalf("count with conditions %s", r.body)
	}
	wantError(t, a.api("GET", "/company/companies/count?conditions="+url.QueryEscape("nope=1"), nil), 400, "InvalidCondition", "", "")

	// fields, including a nested path.
	r = a.api("GET", "/company/companies?pageSize=2&fields=id,status/name", nil)
	want := []map[string]any{{"id": 1.0, "status": map[string]any{"name": "Active"}}, {"id": 2.0, "status": map[string]any{"name": "Active"}}}
	if got := r.list(t); !reflect.DeepEqual(got, want) {
		t.Fatalf("fields: %v", got)
	}
	r = a.api("GET", "/company/companies/1?fields=identifier", nil)
	if got := r.object(t); !reflect.DeepEqual(got, map[string]any{"identifier": "C00001"}) {
		t.Fatalf("fields on get: %v", got)
	}
	wantError(t, a.api("GET", "/company/companies?fields=id,nope", nil), 400, "InvalidRequest", "", "")

	// orderBy: names run backwards to ids in bigData.
	r = a.api("GET", "/company/companies?pageSize=3&orderBy=name%20asc", nil)
	if got := ids(r.list(t)); !reflect.DeepEqual(got, []int{50, 49, 48}) {
		t.Fatalf("orderBy name asc: %v", got)
	}
	r = a.api("GET", "/company/companies?pageSize=3&orderBy="+url.QueryEscape("deletedFlag desc, id desc"), nil)
	if got := ids(r.list(t)); !reflect.DeepEqual(got, []int{48, 45, 42}) {
		t.Fatalf("orderBy deletedFlag desc, id desc: %v", got)
	}
	r = a.api("GET", "/company/companies?pageSize=2&orderBy=ID%20DESC", nil)
	wantError(t, r, 400, "InvalidRequest", "", "")
	for _, bad := range []string{"nope", "name sideways", "status", "name asc extra"} {
		wantError(t, a.api("GET", "/company/companies?orderBy="+url.QueryEscape(bad), nil), 400, "InvalidRequest", "", "")
	}
}

func TestListConditionsOverHTTP(t *testing.T) {
	a := newAPITest(t, Options{})
	get := func(kind, cond string) []int {
		t.Helper()
		r := a.api("GET", kind+"?conditions="+url.QueryEscape(cond), nil)
		wantStatus(t, r, 200)
		return ids(r.list(t))
	}
	if got := get("/company/companies", `name = "O'Brien & \"Sons\""`); !reflect.DeepEqual(got, []int{3}) {
		t.Fatalf("quoted name: %v", got)
	}
	if got := get("/finance/agreements", `agreementStatus = "Active" and company/id = 1`); !reflect.DeepEqual(got, []int{10}) {
		t.Fatalf("agreements: %v", got)
	}
	if got := get("/finance/agreements/10/additions", `product/id = 20 and agreementStatus = "Active"`); !reflect.DeepEqual(got, []int{30}) {
		t.Fatalf("additions: %v", got)
	}
	if got := get("/procurement/catalog", `identifier = "nl-core-user"`); !reflect.DeepEqual(got, []int{20}) {
		t.Fatalf("catalog: %v", got)
	}
	if got := get("/procurement/subcategories", `category/name = "Cloud Services"`); !reflect.DeepEqual(got, []int{1, 2, 3}) {
		t.Fatalf("subcategories: %v", got)
	}
	r := a.api("GET", "/company/companies?conditions="+url.QueryEscape(`name = "x" and nmae = "y"`), nil) //nolint:misspell // deliberately unknown field name
	e := wantError(t, r, 400, "InvalidCondition", "", "")
	if !strings.Contains(e.Message, "position 16") || !strings.Contains(e.Message, "nmae") { //nolint:misspell // deliberately unknown field name
		t.Fatalf("message %q", e.Message)
	}
	wantError(t, a.api("GET", "/company/companies?customFieldConditions="+url.QueryEscape("x=1"), nil), 400, "InvalidCondition", "", "")
}

// TestChildConditionsOverHTTP: array properties (a company's types) are searched with
// childConditions only, as on the real API; both parameters together are ANDed, on lists
// and on counts.
func TestChildConditionsOverHTTP(t *testing.T) {
	a := newAPITest(t, Options{})
	query := func(cond, child string) string {
		q := url.Values{}
		if cond != "" {
			q.Set("conditions", cond)
		}
		if child != "" {
			q.Set("childConditions", child)
		}
		return q.Encode()
	}
	get := func(cond, child string) []int {
		t.Helper()
		r := a.api("GET", "/company/companies?"+query(cond, child), nil)
		wantStatus(t, r, 200)
		return ids(r.list(t))
	}
	count := func(cond, child string) float64 {
		t.Helper()
		r := a.api("GET", "/company/companies/count?"+query(cond, child), nil)
		wantStatus(t, r, 200)
		n, _ := r.object(t)["count"].(float64)
		return n
	}
	if got := get("", `types/name = "Partner"`); !reflect.DeepEqual(got, []int{3}) {
		t.Fatalf("childConditions types/name: %v", got)
	}
	if got := get("", `types/id in (1, 2)`); !reflect.DeepEqual(got, []int{1, 2, 3}) {
		t.Fatalf("childConditions types/id in: %v", got)
	}
	if got := get(`deletedFlag = false`, `types/id in (1, 2)`); !reflect.DeepEqual(got, []int{1, 3}) {
		t.Fatalf("conditions and childConditions: %v", got)
	}
	if got := get(`id != 3`, `types/id = 1`); !reflect.DeepEqual(got, []int{1}) {
		t.Fatalf("conditions and childConditions: %v", got)
	}
	// Parameter names ignore case, as elsewhere.
	r := a.api("GET", "/company/companies?CHILDCONDITIONS="+url.QueryEscape("types/id = 2"), nil)
	if got := ids(r.list(t)); !reflect.DeepEqual(got, []int{2}) {
		t.Fatalf("CHILDCONDITIONS: %v", got)
	}
	if n := count("", `types/id = 1`); n != 2 {
		t.Fatalf("count with childConditions: %v", n)
	}
	if n := count(`deletedFlag = false`, `types/id in (2, 4)`); n != 1 {
		t.Fatalf("count with conditions and childConditions: %v", n)
	}
	// The paging links keep childConditions.
	r = a.api("GET", "/company/companies?pageSize=1&"+query("", "types/id = 1"), nil)
	if next := links(t, r.header.Get("Link"))["next"]; next == nil || next.Query().Get("childConditions") != "types/id = 1" {
		t.Fatalf("next link %q", r.header.Get("Link"))
	}

	for _, c := range []struct{ path, cond, child, want string }{
		{"/company/companies", `types/id = 1`, "", `Invalid conditions: field "types/id" is an array and must be searched with childConditions at position 1`},
		{"/company/companies", `deletedFlag = false and types/name = "Client"`, "", `"types/name" is an array and must be searched with childConditions`},
		{"/company/companies/count", `types/id = 1`, "", `"types/id" is an array`},
		{"/company/companies", "", `name = "Acme Dental"`, `Invalid childConditions: field "name" is not an array and must be searched with conditions at position 1`},
		{"/company/companies/count", "", `types/id = 1 and status/id = 1`, `"status/id" is not an array`},
		{"/company/companies", `id = 1`, `types/id = `, `Invalid childConditions: unexpected end of conditions`},
		{"/company/companies", `nope = 1`, `types/id = 1`, `Invalid conditions: unknown field "nope"`},
		{"/finance/agreements", "", `company/id = 1`, `"company/id" is not an array`},
		{"/finance/agreements", `customFields/id = 1`, "", `"customFields/id" is an array`},
	} {
		e := wantError(t, a.api("GET", c.path+"?"+query(c.cond, c.child), nil), 400, "InvalidCondition", "", "")
		if !strings.Contains(e.Message, c.want) {
			t.Errorf("%s conditions=%q childConditions=%q: message %q, want %q", c.path, c.cond, c.child, e.Message, c.want)
		}
	}
}

// TestDerivedStatuses: a person cancels an agreement in the UI (no API call); the API shows it.
func TestDerivedStatuses(t *testing.T) {
	a := newAPITest(t, Options{})
	if err := a.srv.Sim.Store().Update("agreements", 10, map[string]any{"cancelledFlag": true}); err != nil {
		t.Fatal(err)
	}
	if st := a.api("GET", "/finance/agreements/10", nil).object(t)["agreementStatus"]; st != "Cancelled" {
		t.Fatalf("status after UI cancel: %v", st)
	}
	if got := ids(a.api("GET", "/finance/agreements?conditions="+url.QueryEscape(`agreementStatus="Active"`), nil).list(t)); len(got) != 0 {
		t.Fatalf("active agreements %v", got)
	}
	// An addition whose cancelledDate has come is Cancelled.
	_ = a.srv.Sim.Store().Update("additions", 30, map[string]any{"cancelledDate": "2026-01-01T00:00:00Z"})
	if st := a.api("GET", "/finance/agreements/10/additions/30", nil).object(t)["agreementStatus"]; st != "Cancelled" {
		t.Fatalf("addition status %v", st)
	}
}

// A URL over the web server's limit is refused before the application sees it, as a real
// site refuses it: a client must keep its conditions short (API-NOTES.md).
func TestRequestURITooLong(t *testing.T) {
	a := newAPITest(t, Options{Data: bigData(3)})
	long := "/company/companies?conditions=" + url.QueryEscape(`name contains "`+strings.Repeat("x", 2000)+`"`)
	r := a.api("GET", long, nil)
	wantStatus(t, r, 414)
	if e := r.envelope(t); e.Code != "RequestUriTooLong" {
		t.Errorf("code %q", e.Code)
	}
	wantStatus(t, a.api("GET", "/company/companies?conditions="+url.QueryEscape(`name contains "`+strings.Repeat("x", 1800)+`"`), nil), 200)
}
