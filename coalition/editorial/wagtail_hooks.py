from wagtail import hooks

from . import feedback, roles

hooks.register("before_move_page", roles.refuse_moves)
hooks.register("before_bulk_action", roles.refuse_empty_bulk_actions)


@hooks.register("register_admin_viewset")
def page_views_that_say_what_happened():
    """Registered after Wagtail's own viewset for Page (its hook's order is -1), so this one serves every page."""
    return feedback.EditorialPageViewSet()
