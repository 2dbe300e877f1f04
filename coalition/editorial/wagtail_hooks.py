from wagtail import hooks

from . import feedback, roles, snippets

hooks.register("before_move_page", roles.refuse_moves)
hooks.register("before_bulk_action", roles.refuse_empty_bulk_actions)
# Ahead of every other snippet hook (wagtail-localize's translation editor is order 0, the site's own -10).
hooks.register("before_edit_snippet", snippets.refuse_changing_originals, order=-20)
hooks.register("before_delete_snippet", snippets.refuse_deleting_what_readers_see, order=-20)


@hooks.register("register_admin_viewset")
def page_views_that_say_what_happened():
    """Registered after Wagtail's own viewset for Page (its hook's order is -1), so this one serves every page."""
    return feedback.EditorialPageViewSet()
