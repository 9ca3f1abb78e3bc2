"""The data view: points, the model's curve, residuals, and editing with the mouse."""
