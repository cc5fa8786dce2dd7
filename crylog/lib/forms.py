from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render forms with the project's templates, each field through templates/field.html."""

    field_template_name = "field.html"
