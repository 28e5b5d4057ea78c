//! Parts shared by the customer and operator apps.
