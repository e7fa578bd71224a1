package simulator

import (
	"net/url"
	"strings"
	"testing"
)

func TestForbiddenPerPermission(t *testing.T) {
	a := newAPITest(t, Options{})
	type call struct {
		method, path string
		body         any
	}
	addition := additionBody(20, 1)
	patchQty := []obj{{"op": "replace", "path": "quantity", "value": 2}}
	item := obj{"identifier": "SEC-1", "description": "d", "customerDescription": "c", "subcategory": obj{"id": 1}, "type": obj{"id": 1}}
	cases := []struct {
		perm   string
		level  func(*Levels)
		call   call
		action string
	}{
		{permCompanies, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/company/companies", nil}, "Inquire"},
		{permCompanies, func(l *Levels) { l.Inquire = "My" }, call{"GET", "/company/companies/1", nil}, "Inquire"},
		{permCompanies, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/company/companies/count", nil}, "Inquire"},
		{permAgreements, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/finance/agreements", nil}, "Inquire"},
		{permAgreements, func(l *Levels) { l.Inquire = "My" }, call{"GET", "/finance/agreements/10/additions", nil}, "Inquire"},
		{permAgreements, func(l *Levels) { l.Add = "None" }, call{"POST", "/finance/agreements/10/additions", addition}, "Add"},
		{permAgreements, func(l *Levels) { l.Edit = "My" }, call{"PATCH", "/finance/agreements/10/additions/30", patchQty}, "Edit"},
		{permAgreements, func(l *Levels) { l.Edit = "None" }, call{"PUT", "/finance/agreements/10/additions/30", addition}, "Edit"},
		{permAgreements, func(l *Levels) { l.Delete = "None" }, call{"DELETE", "/finance/agreements/10/additions/30", nil}, "Delete"},
		{permCatalog, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/procurement/catalog", nil}, "Inquire"},
		{permCatalog, func(l *Levels) { l.Add = "None" }, call{"POST", "/procurement/catalog", item}, "Add"},
		{permCatalog, func(l *Levels) { l.Edit = "None" }, call{"PATCH", "/procurement/catalog/20", []obj{{"op": "replace", "path": "inactiveFlag", "value": true}}}, "Edit"},
		{permTableSetup, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/company/companies/types", nil}, "Inquire"},
		{permTableSetup, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/company/companies/statuses", nil}, "Inquire"},
		{permTableSetup, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/finance/agreements/types", nil}, "Inquire"},
		{permTableSetup, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/procurement/categories", nil}, "Inquire"},
		{permTableSetup, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/procurement/subcategories/", nil}, "Inquire"},
		{permTableSetup, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/procurement/types", nil}, "Inquire"},
		{permTableSetup, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/procurement/unitOfMeasures", nil}, "Inquire"},
		{permTableSetup, func(l *Levels) { l.Inquire = "None" }, call{"GET", "/procurement/manufacturers", nil}, "Inquire"},
	}
	for _, c := range cases {
		role := FullRole()
		l := role[c.perm]
		c.level(&l)
		role[c.perm] = l
		a.srv.Sim.SetRole(role)
		r := a.api(c.call.method, c.call.path, c.call.body)
		e := wantError(t, r, 403, "Forbidden", "", "")
		module, function, _ := strings.Cut(c.perm, "/")
		if !strings.Contains(e.Message, module) || !strings.Contains(e.Message, function) || !strings.Contains(e.Message, c.action) {
			t.Errorf("%s %s: message %q does not name %s %s", c.call.method, c.call.path, e.Message, c.perm, c.action)
		}
		// With the full role the same call is not forbidden.
		a.srv.Sim.SetRole(FullRole())
		if r := a.api(c.call.method, c.call.path, c.call.body); r.status == 403 {
			t.Errorf("%s %s forbidden with the full role: %s", c.call.method, c.call.path, r.body)
		}
	}
	// /system routes need only valid auth.
	a.srv.Sim.SetRole(Role{})
	wantStatus(t, a.api("GET", "/system/info", nil), 200)
	wantStatus(t, a.api("GET", "/system/mySecurity", nil), 200)
	wantStatus(t, a.api("GET", "/company/companies", nil), 403)
}

func TestMySecurity(t *testing.T) {
	a := newAPITest(t, Options{Role: Role{
		permAgreements:               {Inquire: "All", Add: "All", Edit: "My", Delete: "None"},
		permCompanies:                {Inquire: "All"},
		"Service Desk/Service Board": {Inquire: "All"},
	}})
	rows := a.api("GET", "/system/mySecurity?pageSize=1000", nil).list(t)
	byName := map[string]map[string]any{}
	for _, r := range rows {
		byName[r["moduleName"].(string)+"/"+r["moduleFunctionName"].(string)] = r
	}
	ag := byName[permAgreements]
	if ag == nil || ag["moduleIdentifier"] != "Finance" || ag["moduleFunctionIdentifier"] != "Agreements" ||
		ag["inquireLevel"] != "All" || ag["addLevel"] != "All" || ag["editLevel"] != "My" || ag["deleteLevel"] != "None" {
		t.Fatalf("agreements row %v", ag)
	}
	if cat := byName[permCatalog]; cat == nil || cat["inquireLevel"] != "None" || cat["moduleFunctionIdentifier"] != "ProductCatalog" {
		t.Fatalf("catalog row %v", cat)
	}
	if ts := byName[permTableSetup]; ts == nil || ts["moduleIdentifier"] != "System" || ts["moduleFunctionName"] != "Table Setup" {
		t.Fatalf("table setup row %v", ts)
	}
	if byName["Service Desk/Service Board"] == nil || byName["Service Desk/Service Tickets"] == nil {
		t.Fatal("role functions and realism rows missing")
	}
	if byName[permCompanies]["addLevel"] != "None" {
		t.Fatal("unset level must be None")
	}
	r := a.api("GET", "/system/mySecurity?conditions="+url.QueryEscape(`moduleFunctionName="Agreements"`), nil)
	if got := r.list(t); len(got) != 1 || got[0]["moduleName"] != "Finance" {
		t.Fatalf("conditions: %v", got)
	}
	r = a.api("GET", "/system/mySecurity?conditions="+url.QueryEscape(`moduleName="Finance" and moduleFunctionName="Agreements"`)+"&fields=inquireLevel,addLevel", nil)
	if got := r.list(t); len(got) != 1 || len(got[0]) != 2 {
		t.Fatalf("fields: %v", got)
	}
	wantError(t, a.api("GET", "/system/mySecurity?conditions="+url.QueryEscape(`function="x"`), nil), 400, "InvalidCondition", "", "")

	// Without a role everything is All.
	a.srv.Sim.SetRole(nil)
	for _, row := range a.api("GET", "/system/mySecurity", nil).list(t) {
		if row["inquireLevel"] != "All" || row["deleteLevel"] != "All" {
			t.Fatalf("nil role row %v", row)
		}
	}
}
