"""Who may do what to a page or snippet, and what the admin tells people after each editorial step.

roles.py: the one rule the groups' page permissions cannot say (only administrators delete or move pages),
put where Wagtail asks every question about a page: its permission tester. snippets.py: the two rules the
groups' snippet permissions cannot say (translators change translations only; only those who may publish
delete what readers see), put in Wagtail's snippet hooks. feedback.py: the message after sending a page for
review, approving it, asking for changes and publishing, saying what happened and what happens next. Knows no
page type or snippet model; Wagtail's own Page, views and registries only.
"""
