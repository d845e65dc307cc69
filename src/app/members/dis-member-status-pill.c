/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-member-status-pill"

#include "config.h"

#include "dis-member-status-pill.h"

struct _DisMemberStatusPill
{
  GtkWidget        parent_instance;

  DisMemberStatus  status;

  GtkLabel        *label;
};

G_DEFINE_FINAL_TYPE (DisMemberStatusPill, dis_member_status_pill, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The colours, here rather than in the shell's style sheet: only the
 * members' widgets use them. */
static void
ensure_css (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
      GdkDisplay *display = gdk_display_get_default ();
      const char *css =
        ".member-status { border-radius: 999px; padding: 2px 10px; font-size: smaller; font-weight: bold; }\n"
        ".member-status.pending { color: @warning_color; background: alpha(@warning_color, 0.12); }\n"
        ".member-status.validated { color: @success_color; background: alpha(@success_color, 0.12); }\n"
        ".member-status.suspended { color: @error_color; background: alpha(@error_color, 0.12); }\n";

      gtk_css_provider_load_from_data (provider, css, -1);
      if (display != NULL)
        gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&done, 1);
    }
}

static void
update (DisMemberStatusPill *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_label_set_label (self->label, dis_member_status_get_name (self->status));
  gtk_widget_remove_css_class (widget, "pending");
  gtk_widget_remove_css_class (widget, "validated");
  gtk_widget_remove_css_class (widget, "suspended");
  gtk_widget_add_css_class (widget, dis_member_status_to_code (self->status));
}

void
dis_member_status_pill_set_status (DisMemberStatusPill *self,
                                   DisMemberStatus      status)
{
  g_return_if_fail (DIS_IS_MEMBER_STATUS_PILL (self));
  g_return_if_fail (status <= DIS_MEMBER_SUSPENDED);

  if (self->status == status)
    return;

  self->status = status;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
dis_member_status_pill_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DisMemberStatusPill *self = DIS_MEMBER_STATUS_PILL (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_member_status_pill_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DisMemberStatusPill *self = DIS_MEMBER_STATUS_PILL (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      dis_member_status_pill_set_status (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_member_status_pill_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_MEMBER_STATUS_PILL);

  G_OBJECT_CLASS (dis_member_status_pill_parent_class)->dispose (object);
}

static void
dis_member_status_pill_class_init (DisMemberStatusPillClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = dis_member_status_pill_get_property;
  object_class->set_property = dis_member_status_pill_set_property;
  object_class->dispose = dis_member_status_pill_dispose;

  properties[PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL,
                       DIS_MEMBER_PENDING, DIS_MEMBER_SUSPENDED, DIS_MEMBER_PENDING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/members/dis-member-status-pill.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMemberStatusPill, label);
  gtk_widget_class_set_css_name (widget_class, "memberstatuspill");
}

static void
dis_member_status_pill_init (DisMemberStatusPill *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_css ();

  self->status = DIS_MEMBER_PENDING;
  update (self);
}
