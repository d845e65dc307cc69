/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dis-map-details-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "dis-map-details-popover.h"
#include "dis-map-symbol.h"
#include "dis-store-points.h"
#include "dis-sync-popover.h"

struct _DisMapDetailsPopover
{
  GtkPopover    parent_instance;

  DisMapPoint  *point;
  char         *distance;
  gboolean      dismissing;

  DisMapSymbol *symbol;
  GtkLabel     *kind_label;
  GtkLabel     *name_label;
  GtkWidget    *address_icon;
  GtkLabel     *address_label;
  GtkWidget    *comune_icon;
  GtkLabel     *comune_label;
  GtkWidget    *hours_icon;
  GtkLabel     *hours_label;
  GtkWidget    *phone_icon;
  GtkLabel     *phone_label;
  GtkWidget    *email_icon;
  GtkLabel     *email_label;
  GtkWidget    *distance_icon;
  GtkLabel     *distance_label;
  GtkWidget    *basket_box;
  GtkLabel     *basket_label;
  GtkLabel     *missing_label;
  GtkLabel     *age_label;
  GtkWidget    *services_box;
  GtkWidget    *delivery_label;
  GtkWidget    *collection_label;
};

G_DEFINE_FINAL_TYPE (DisMapDetailsPopover, dis_map_details_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_POINT,
  PROP_DISTANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A line of the grid shows only when there is something to say. */
static void
set_line (GtkWidget  *icon,
          GtkLabel   *label,
          const char *text)
{
  gboolean shown = text != NULL && text[0] != '\0';

  gtk_label_set_label (label, shown ? text : NULL);
  gtk_widget_set_visible (icon, shown);
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
}

/* The basket at the point: how much of it, what is missing, and how old
 * the picture is (our own point's is live). */
static void
update_basket (DisMapDetailsPopover *self)
{
  const DisBasketCompleteness *c = dis_map_point_get_completeness (self->point);
  g_autofree char *basket = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *age = NULL;

  /* What is not known is not shown: a point that has not sent its stock
   * yet has no line here, as its marker has no number. */
  gtk_widget_set_visible (self->basket_box, c != NULL);
  if (c == NULL)
    return;

  if (c->n_basket > 0 && c->n_stocked == c->n_basket)
    /* Translators: all basket products are on the shelf, e.g. "Basket complete: 9 of 9 products" */
    basket = g_strdup_printf (_("Basket complete: %u of %u products"), c->n_stocked, c->n_basket);
  else
    /* Translators: e.g. "Basket: 7 of 9 products" */
    basket = g_strdup_printf (_("Basket: %u of %u products"), c->n_stocked, c->n_basket);
  gtk_label_set_label (self->basket_label, basket);

  if (c->missing->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < c->missing->len; i++)
        {
          if (i > 0)
            g_string_append (names, ", ");
          g_string_append (names, g_ptr_array_index (c->missing, i));
        }
      /* Translators: the basket products out of stock, e.g. "Missing: Olio, Passata" */
      missing = g_strdup_printf (_("Missing: %s"), names->str);
    }
  gtk_label_set_label (self->missing_label, missing);
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), missing != NULL);

  if (c->own)
    age = g_strdup (_("Stock of this point, up to date"));
  else
    {
      g_autofree char *ago = dis_sync_format_ago (g_date_time_to_unix (c->taken_at),
                                                  g_get_real_time () / G_USEC_PER_SEC);

      /* Translators: when the hub last saw this point's stock, e.g. "Stock as of 3 hours ago" */
      age = g_strdup_printf (_("Stock as of %s"), ago);
    }
  gtk_label_set_label (self->age_label, age);
  gtk_widget_set_visible (GTK_WIDGET (self->age_label), TRUE);
}

static void
update (DisMapDetailsPopover *self)
{
  const DisPointRecord *record = dis_map_point_get_record (self->point);
  DisPointKind kind = dis_map_point_get_kind (self->point);
  g_autofree char *title = NULL;

  dis_map_symbol_set_kind (self->symbol, kind);
  gtk_label_set_label (self->kind_label, dis_map_point_get_own (self->point)
                                         ? _("Your point")
                                         : dis_point_kind_to_label (kind));
  gtk_label_set_label (self->name_label, record->name);

  set_line (self->address_icon, self->address_label, record->address);
  set_line (self->comune_icon, self->comune_label, record->comune);
  set_line (self->hours_icon, self->hours_label, record->hours);
  set_line (self->phone_icon, self->phone_label, record->phone);
  set_line (self->email_icon, self->email_label, record->email);
  set_line (self->distance_icon, self->distance_label, self->distance);

  gtk_widget_set_visible (self->delivery_label, record->home_delivery);
  gtk_widget_set_visible (self->collection_label, record->collection_point);
  gtk_widget_set_visible (self->services_box, record->home_delivery || record->collection_point);
  update_basket (self);

  title = g_strdup_printf (_("Details of %s"), record->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
close_clicked_cb (DisMapDetailsPopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

typedef struct
{
  GtkWidget *popover;
  GtkWidget *parent;
} Unparent;

static gboolean
unparent_idle_cb (gpointer data)
{
  Unparent *unparent = data;

  if (gtk_widget_get_parent (unparent->popover) == unparent->parent)
    gtk_widget_unparent (unparent->popover);

  return G_SOURCE_REMOVE;
}

static void
unparent_free (gpointer data)
{
  Unparent *unparent = data;

  g_object_unref (unparent->popover);
  g_clear_object (&unparent->parent);
  g_free (unparent);
}

static void
dis_map_details_popover_closed (GtkPopover *popover)
{
  DisMapDetailsPopover *self = DIS_MAP_DETAILS_POPOVER (popover);
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  Unparent *unparent;

  if (self->dismissing || parent == NULL)
    return;

  /* Leave the parent later, as "closed" is emitted from inside the
   * popover; the parent is kept alive until then so that it never dies
   * with a child. */
  unparent = g_new0 (Unparent, 1);
  unparent->popover = g_object_ref (GTK_WIDGET (self));
  unparent->parent = g_object_ref (parent);
  g_idle_add_full (G_PRIORITY_DEFAULT, unparent_idle_cb, unparent, unparent_free);
}

static void
dis_map_details_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DIS_TYPE_MAP_DETAILS_POPOVER);

  G_OBJECT_CLASS (dis_map_details_popover_parent_class)->dispose (object);
}

static void
dis_map_details_popover_finalize (GObject *object)
{
  DisMapDetailsPopover *self = (DisMapDetailsPopover *)object;

  g_clear_object (&self->point);
  g_clear_pointer (&self->distance, g_free);

  G_OBJECT_CLASS (dis_map_details_popover_parent_class)->finalize (object);
}

static void
dis_map_details_popover_constructed (GObject *object)
{
  DisMapDetailsPopover *self = (DisMapDetailsPopover *)object;

  G_OBJECT_CLASS (dis_map_details_popover_parent_class)->constructed (object);

  g_assert (DIS_IS_MAP_POINT (self->point));
  update (self);
}

static void
dis_map_details_popover_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DisMapDetailsPopover *self = DIS_MAP_DETAILS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_POINT:
      g_value_set_object (value, self->point);
      break;

    case PROP_DISTANCE:
      g_value_set_string (value, self->distance);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_details_popover_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  DisMapDetailsPopover *self = DIS_MAP_DETAILS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_POINT:
      self->point = g_value_dup_object (value);
      break;

    case PROP_DISTANCE:
      self->distance = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dis_map_details_popover_class_init (DisMapDetailsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkPopoverClass *popover_class = GTK_POPOVER_CLASS (klass);

  object_class->constructed = dis_map_details_popover_constructed;
  object_class->dispose = dis_map_details_popover_dispose;
  object_class->finalize = dis_map_details_popover_finalize;
  object_class->get_property = dis_map_details_popover_get_property;
  object_class->set_property = dis_map_details_popover_set_property;

  popover_class->closed = dis_map_details_popover_closed;

  properties[PROP_POINT] =
    g_param_spec_object ("point", NULL, NULL,
                         DIS_TYPE_MAP_POINT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DISTANCE] =
    g_param_spec_string ("distance", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIS_TYPE_MAP_SYMBOL);
  gtk_widget_class_set_template_from_resource (widget_class, "/it/disotto/Punto/map/dis-map-details-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, symbol);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, name_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, address_icon);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, address_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, comune_icon);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, comune_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, hours_icon);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, hours_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, phone_icon);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, phone_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, email_icon);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, email_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, distance_icon);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, distance_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, basket_box);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, basket_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, missing_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, age_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, services_box);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, delivery_label);
  gtk_widget_class_bind_template_child (widget_class, DisMapDetailsPopover, collection_label);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
dis_map_details_popover_init (DisMapDetailsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dis_map_details_popover_new (DisMapPoint *point,
                             const char  *distance)
{
  g_return_val_if_fail (DIS_IS_MAP_POINT (point), NULL);

  return g_object_new (DIS_TYPE_MAP_DETAILS_POPOVER,
                       "point", point,
                       "distance", distance,
                       NULL);
}

DisMapPoint *
dis_map_details_popover_get_point (DisMapDetailsPopover *self)
{
  g_return_val_if_fail (DIS_IS_MAP_DETAILS_POPOVER (self), NULL);

  return self->point;
}

void
dis_map_details_popover_present (DisMapDetailsPopover *self,
                                 GtkWidget            *anchor)
{
  g_return_if_fail (DIS_IS_MAP_DETAILS_POPOVER (self));
  g_return_if_fail (GTK_IS_WIDGET (anchor));
  g_return_if_fail (gtk_widget_get_parent (GTK_WIDGET (self)) == NULL);

  gtk_widget_set_parent (GTK_WIDGET (self), anchor);
  gtk_popover_popup (GTK_POPOVER (self));
}

void
dis_map_details_popover_dismiss (DisMapDetailsPopover *self)
{
  g_return_if_fail (DIS_IS_MAP_DETAILS_POPOVER (self));

  self->dismissing = TRUE;
  gtk_popover_popdown (GTK_POPOVER (self));
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_widget_unparent (GTK_WIDGET (self));
}
