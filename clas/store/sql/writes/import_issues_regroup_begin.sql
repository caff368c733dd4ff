-- A file from before grouped reports: import_issues is set aside, then rebuilt by the schema (a CHECK
-- constraint cannot be altered in place) and refilled by import_issues_regroup_end.
ALTER TABLE import_issues RENAME TO import_issues_v1;
