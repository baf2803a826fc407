/** Products and their variants. */
export interface CatalogTables {
  products: {
    id: string;
    title: string;
    description: string;
    category: string;
    brand: string | null;
    /** JSON array of strings. */
    tags: string;
    /** JSON object of string attributes (material, ...). */
    attributes: string;
    rating: number | null;
    /** JSON array of image URLs; they may be unreachable. */
    images: string;
    created_at: number;
    updated_at: number;
  };
  variants: {
    id: string;
    product_id: string;
    sku: string | null;
    /** JSON object of option name to value, e.g. `{"size":"M","color":"Black"}`; `{}` for the default variant. */
    options: string;
    price_amount: number;
    currency: string;
    /** Units on hand that are not reserved by an order; never negative. */
    stock: number;
    position: number;
  };
}
