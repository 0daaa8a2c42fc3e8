package contacts

import (
	"regexp"
	"strings"
	"unicode"
)

// The fields a column can fill.
const (
	FieldName     = "name"
	FieldFirst    = "first name"
	FieldMiddle   = "middle name"
	FieldLast     = "last name"
	FieldEmail    = "email"
	FieldPhone    = "phone"
	FieldCompany  = "company"
	FieldTitle    = "title"
	FieldTags     = "tags"
	FieldNotes    = "notes"
	FieldLink     = "link"
	FieldPronouns = "pronouns"
	FieldAddress  = "address"
	FieldDivision = "division"
	FieldIgnore   = "" // the column is not read
)

// Fields lists what a column can be mapped to, for the mapping step.
var Fields = []string{FieldName, FieldFirst, FieldMiddle, FieldLast, FieldPronouns, FieldEmail, FieldPhone, FieldAddress, FieldCompany, FieldDivision, FieldTitle, FieldTags, FieldNotes, FieldLink}

// ValidField tells whether a field name can be mapped to.
func ValidField(f string) bool {
	for _, x := range Fields {
		if f == x {
			return true
		}
	}
	return f == FieldIgnore
}

// headerKey folds a column's header for recognition: lower-case letters
// and digits only ("E-mail 1 - Value" → "email1value").
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The column names of the common contact exports — HubSpot, Salesforce,
// Google Contacts (both its formats), Outlook, Apple Numbers sheets and
// most CRMs — folded by headerKey.
var (
	exact = map[string]string{
		"name": FieldName, "fullname": FieldName, "contactname": FieldName, "displayname": FieldName, "contact": FieldName,
		"firstname": FieldFirst, "givenname": FieldFirst, "first": FieldFirst, "fname": FieldFirst, "forename": FieldFirst,
		"middlename": FieldMiddle, "additionalname": FieldMiddle,
		"lastname": FieldLast, "surname": FieldLast, "familyname": FieldLast, "last": FieldLast, "lname": FieldLast,
		"company": FieldCompany, "companyname": FieldCompany, "account": FieldCompany, "accountname": FieldCompany,
		"organization": FieldCompany, "organisation": FieldCompany, "organizationname": FieldCompany, "organization1name": FieldCompany,
		"org": FieldCompany, "employer": FieldCompany, "associatedcompany": FieldCompany, "customer": FieldCompany,
		"title": FieldTitle, "jobtitle": FieldTitle, "position": FieldTitle, "jobposition": FieldTitle,
		"organizationtitle": FieldTitle, "organization1title": FieldTitle, "job": FieldTitle,
		"tags": FieldTags, "tag": FieldTags, "labels": FieldTags, "categories": FieldTags, "groupmembership": FieldTags, "lists": FieldTags,
		"notes": FieldNotes, "note": FieldNotes, "description": FieldNotes, "comments": FieldNotes, "comment": FieldNotes, "about": FieldNotes,
		"website": FieldLink, "url": FieldLink, "web": FieldLink, "webpage": FieldLink, "linkedin": FieldLink, "linkedinurl": FieldLink,
		"linkedinprofile": FieldLink, "personalwebsite": FieldLink, "businesswebsite": FieldLink, "homepage": FieldLink,
		"pronouns": FieldPronouns, "pronoun": FieldPronouns,
		"address": FieldAddress, "addresses": FieldAddress, "postaladdress": FieldAddress, "mailingaddress": FieldAddress,
		"fulladdress": FieldAddress, "businessaddress": FieldAddress, "workaddress": FieldAddress,
		"division": FieldDivision, "department": FieldDivision, "organizationdepartment": FieldDivision, "organization1department": FieldDivision,
	}
	emailColumn = regexp.MustCompile(`^(?:primary|secondary|work|personal|business|home|other|additional)?e?mail\d*(?:address(?:es)?)?\d*(?:value)?$`)
	phoneColumn = regexp.MustCompile(`^(?:primary|business|work|home|mobile|cell|other|main|direct|company)?(?:phone|mobile|cell|telephone|tel)(?:phone)?\d*(?:number)?\d*(?:value)?$`)
	linkColumn  = regexp.MustCompile(`^(?:website|url|webpage)\d*(?:value)?$`)
)

// Recognize maps each header to a field ("" for a column it does not
// know) the way the common exports name them.
func Recognize(header []string) []string {
	keys := make([]string, len(header))
	has := map[string]bool{}
	for i, h := range header {
		keys[i] = headerKey(h)
		has[keys[i]] = true
	}
	fields := make([]string, len(header))
	for i, k := range keys {
		switch f, ok := exact[k]; {
		case k == "title" && has["jobtitle"]:
			// Outlook's "Title" is Mr. or Dr.; its "Job Title" is the title.
			fields[i] = FieldIgnore
		case ok:
			fields[i] = f
		case emailColumn.MatchString(k):
			fields[i] = FieldEmail
		case phoneColumn.MatchString(k):
			fields[i] = FieldPhone
		case linkColumn.MatchString(k):
			fields[i] = FieldLink
		}
	}
	return fields
}
